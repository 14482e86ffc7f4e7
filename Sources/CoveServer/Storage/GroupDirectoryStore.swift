/// Group lookups for recovery: the groups a device is in and each group's latest GroupInfo.
public protocol GroupDirectoryStore: Sendable {
    /// Groups the device is a member of, ordered by id.
    func groups(memberDevice: String) async throws -> [GroupRecord]
    /// The GroupInfo stored with the latest commit that carried one: (epoch, MLSMessage bytes).
    func latestGroupInfo(groupId: [UInt8]) async throws -> (epoch: UInt64, groupInfo: [UInt8])?
}
