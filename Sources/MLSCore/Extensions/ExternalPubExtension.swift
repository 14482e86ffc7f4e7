import MLSCodec

// struct {
//     HPKEPublicKey external_pub;
// } ExternalPub;
/// The `external_pub` GroupInfo extension: the key external joiners encrypt to (RFC 9420 §12.4.3.2).
public struct ExternalPubExtension: Hashable, Sendable {
    public var externalPub: [UInt8]
    public init(externalPub: [UInt8]) { self.externalPub = externalPub }
}

extension ExternalPubExtension: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeOpaque(externalPub) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        externalPub = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
