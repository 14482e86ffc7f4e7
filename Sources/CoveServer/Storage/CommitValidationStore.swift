/// What the service needs to check a commit against the group's membership.
public protocol CommitValidationStore: Sendable {
    /// One consistent snapshot of the group: epoch, members, leaf map and the proposals accepted
    /// for the current epoch. `nil` if there is no such group.
    func commitContext(groupId: [UInt8]) async throws -> CommitContext?
}

/// A group as a commit for its current epoch sees it.
public struct CommitContext: Hashable, Sendable {
    public var epoch: UInt64
    public var members: [String]
    /// False for groups created before leaves were tracked: their commits are not checked.
    public var leavesTracked: Bool
    /// Occupied leaves: index -> device id.
    public var leaves: [UInt32: String]
    /// MLSMessage payloads of the proposals accepted in `epoch`, in order.
    public var proposals: [[UInt8]]

    public init(epoch: UInt64, members: [String], leavesTracked: Bool, leaves: [UInt32: String], proposals: [[UInt8]]) {
        self.epoch = epoch
        self.members = members
        self.leavesTracked = leavesTracked
        self.leaves = leaves
        self.proposals = proposals
    }
}
