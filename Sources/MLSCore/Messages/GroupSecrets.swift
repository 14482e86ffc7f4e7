import MLSCodec
import MLSCrypto

// struct {
//   opaque joiner_secret<V>;
//   optional<PathSecret> path_secret;
//   PreSharedKeyID psks<V>;
// } GroupSecrets;
/// The secrets a Welcome encrypts to each new member (RFC 9420 §12.4.3.1).
public struct GroupSecrets: Hashable, Sendable {
    /// The joiner secret of the new epoch's key schedule.
    public var joinerSecret: SecretBytes
    /// The path secret of the lowest common ancestor with the committer, if the commit had a path.
    public var pathSecret: PathSecret?
    /// The PSKs injected into the new epoch, in order.
    public var psks: [PreSharedKeyID]

    public init(joinerSecret: SecretBytes, pathSecret: PathSecret?, psks: [PreSharedKeyID]) {
        self.joinerSecret = joinerSecret
        self.pathSecret = pathSecret
        self.psks = psks
    }
}

extension GroupSecrets: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(joinerSecret)
        writer.writeOptional(pathSecret)
        writer.writeVector(psks)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        joinerSecret = try reader.read()
        pathSecret = try reader.readOptional()
        psks = try reader.readVector(maxLength: WireLimits.message)
    }
}
