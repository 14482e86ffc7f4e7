import MLSCodec

// struct {
//   PSKType psktype;
//   select (PreSharedKeyID.psktype) {
//     case external:
//       opaque psk_id<V>;
//
//     case resumption:
//       ResumptionPSKUsage usage;
//       opaque psk_group_id<V>;
//       uint64 psk_epoch;
//   };
//   opaque psk_nonce<V>;
// } PreSharedKeyID;
/// Names a pre-shared key and carries a fresh nonce (RFC 9420 §8.4).
public struct PreSharedKeyID: Hashable, Sendable {
    /// Which key.
    public var psk: PSK
    /// A fresh random nonce of length Nh.
    public var pskNonce: [UInt8]

    public init(psk: PSK, pskNonce: [UInt8]) {
        self.psk = psk
        self.pskNonce = pskNonce
    }
}

extension PreSharedKeyID: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(psk)
        writer.writeOpaque(pskNonce)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        psk = try reader.read()
        pskNonce = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
