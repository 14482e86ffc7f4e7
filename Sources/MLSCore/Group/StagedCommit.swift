import MLSCrypto

/// A fully validated Commit that has not yet been applied (RFC 9420 §12.4.2).
///
/// Produced by ``MLSGroup/process(_:pskStore:)`` for a received commit, or by
/// ``MLSGroup/commit(_:)`` for one this member creates. Inspect it (who is added, removed,
/// updated, which PSKs were used), then call ``MLSGroup/merge(_:)`` to enter the new epoch,
/// or drop it to stay in the current one.
public struct StagedCommit: Sendable {
    /// The epoch the commit was made in; merge fails unless the group is still in it.
    public let baseEpoch: UInt64
    /// The sender: a member (`.member`) or an external joiner (`.newMemberCommit`).
    public let committer: Sender
    /// The committer's leaf in the new tree (for an external commit, the joiner's new leaf).
    public let committerLeafIndex: LeafIndex
    /// New members with their leaf index and credential.
    public let addedMembers: [Member]
    /// Members removed by this commit, with the leaf they had.
    public let removedMembers: [Member]
    /// Members whose leaf was replaced by an Update proposal (new leaf node).
    public let updatedMembers: [Member]
    /// PSKs injected into the key schedule, in order.
    public let pskIDs: [PreSharedKeyID]
    /// The proposals the commit covered, in commit order.
    public let proposals: [Proposal]
    /// Whether this commit removes the local member from the group.
    public let removesSelf: Bool
    /// A ReInit proposal covered by the commit: after merging, the group must not send and
    /// waits for the Welcome into the new group.
    public let reInit: ReInitProposal?
    /// Whether the commit carried an UpdatePath.
    public let hasPath: Bool
    /// Whether this is an external commit.
    public var isExternal: Bool { if case .newMemberCommit = committer { true } else { false } }

    /// The GroupContext of the new epoch.
    public let newGroupContext: GroupContext
    /// The new epoch's number.
    public var newEpoch: UInt64 { newGroupContext.epoch }
    /// `epoch_authenticator` of the new epoch; nil when the commit removes us (a removed
    /// member does not learn the new epoch's secrets).
    public var newEpochAuthenticator: [UInt8]? { newSecrets?.epochAuthenticator.exposedBytes }

    // The new state, applied by merge.
    let newTree: RatchetTree
    let newTreeKeys: TreeKEMPrivateState
    /// Nil when the commit removes this member.
    let newSecrets: EpochSecrets?
    let newInterimTranscriptHash: [UInt8]
    let newConfirmationTag: [UInt8]
}
