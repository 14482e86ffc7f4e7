import MLSCodec

// struct {
//   opaque kem_output<V>;
// } ExternalInit;
/// The KEM output from which an external joiner's init secret is derived (RFC 9420 §12.1.6).
public struct ExternalInitProposal: Hashable, Sendable {
    public var kemOutput: [UInt8]
    public init(kemOutput: [UInt8]) { self.kemOutput = kemOutput }
}

extension ExternalInitProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeOpaque(kemOutput) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        kemOutput = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
