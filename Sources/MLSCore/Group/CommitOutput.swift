/// What ``MLSGroup/commit(_:options:pskStore:)`` produces. Send `commit` to the group and
/// `welcome` to the new members; merge `stagedCommit` once the Delivery Service accepted the
/// commit (or drop it if another commit won the epoch).
public struct CommitOutput: Sendable {
    /// The Commit as a PublicMessage.
    public let commit: MLSMessage
    /// The Welcome for the members added by the commit, if any.
    public let welcome: MLSMessage?
    /// A signed GroupInfo of the new epoch with `external_pub` (and the `ratchet_tree`
    /// extension if configured), for external joiners.
    public let groupInfo: MLSMessage
    public let stagedCommit: StagedCommit
}
