import MLSCodec
import MLSCrypto

// struct {
//   opaque path_secret<V>;
// } PathSecret;
/// The path secret a Welcome gives a joiner for its common ancestor with the committer
/// (RFC 9420 §12.4.3.1).
public struct PathSecret: Hashable, Sendable {
    public var pathSecret: SecretBytes
    public init(pathSecret: SecretBytes) { self.pathSecret = pathSecret }
}

extension PathSecret: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(pathSecret) }
    public init(from reader: inout MLSReader) throws(CodecError) { pathSecret = try reader.read() }
}
