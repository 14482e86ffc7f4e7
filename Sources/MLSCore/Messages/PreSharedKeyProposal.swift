import MLSCodec

// struct {
//     PreSharedKeyID psk;
// } PreSharedKey;
/// Injects a pre-shared key into the next epoch's key schedule (RFC 9420 §12.1.4).
public struct PreSharedKeyProposal: Hashable, Sendable {
    public var psk: PreSharedKeyID
    public init(psk: PreSharedKeyID) { self.psk = psk }
}

extension PreSharedKeyProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(psk) }
    public init(from reader: inout MLSReader) throws(CodecError) { psk = try reader.read() }
}
