import MLSCodec

// struct {
//   Extension extensions<V>;
// } GroupContextExtensions;
/// Replaces the group context's extensions (RFC 9420 §12.1.7).
public struct GroupContextExtensionsProposal: Hashable, Sendable {
    public var extensions: [Extension]
    public init(extensions: [Extension]) { self.extensions = extensions }
}

extension GroupContextExtensionsProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeVector(extensions) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        extensions = try reader.readExtensions(maxLength: WireLimits.message)
    }
}
