import MLSCrypto

/// What a member learns from a received UpdatePath (RFC 9420 §7.5).
public struct ProcessedUpdatePath: Sendable {
    /// The node whose path secret was decrypted: the lowest common ancestor of the sender and
    /// this member.
    public let decryptedNode: NodeIndex
    /// The decrypted path secret of `decryptedNode`.
    public let pathSecret: SecretBytes
    /// `commit_secret`.
    public let commitSecret: SecretBytes
}
