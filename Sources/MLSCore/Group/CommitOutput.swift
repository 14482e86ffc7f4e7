import MLSCrypto

/// What ``MLSGroup/commit(_:options:pskStore:)`` produces. Send `commit` to the group and
/// `welcome` to the new members; merge `stagedCommit` once the Delivery Service accepted the
/// commit (or drop it if another commit won the epoch).
public struct CommitOutput: Sendable {
    /// The Commit as a PublicMessage.
    public let commit: MLSMessage
    /// The Welcome for the members added by the commit, if any.
    public let welcome: MLSMessage?
    public let stagedCommit: StagedCommit
    /// What ``groupInfo()`` returns or builds.
    let groupInfoSource: GroupInfoSource

    /// A signed GroupInfo of the new epoch with `external_pub` (and the `ratchet_tree`
    /// extension if configured), for external joiners.
    ///
    /// Built when asked for, not by every commit: signing it covers the whole serialized
    /// tree (2.5 MB at 10,000 members) and `external_pub` costs a key derivation, which a
    /// commit without a Welcome does not need. When the commit has a Welcome, this is the
    /// GroupInfo the Welcome carries. After merging, ``MLSGroup/groupInfo()`` gives the same
    /// content, signed again.
    public func groupInfo() throws(MLSError) -> MLSMessage {
        switch groupInfoSource {
        case .signed(let message):
            return message
        case .unsigned(let group, let context, let tree, let externalSecret, let confirmationTag):
            let info = try group.makeGroupInfo(
                context: context, tree: tree, externalSecret: externalSecret, confirmationTag: confirmationTag
            )
            return MLSMessage(version: .mls10, body: .groupInfo(info))
        }
    }

    /// The GroupInfo of a commit: already signed (it went into a Welcome), or what signing it
    /// needs (the committing group, for its signer and configuration).
    enum GroupInfoSource: Sendable {
        case signed(MLSMessage)
        case unsigned(group: MLSGroup, context: GroupContext, tree: RatchetTree, externalSecret: SecretBytes, confirmationTag: [UInt8])
    }
}
