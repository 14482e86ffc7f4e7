// Recovery after a local-state loss or a fork: GET /v1/groups lists the caller's groups and
// GET /v1/groups/{groupId}/group-info returns the latest GroupInfo, from which a member rejoins
// by external commit.

/// `GET /v1/groups` (authenticated): the groups the calling device is a member of.
public struct GroupList: Hashable, Sendable, Codable {
    public var groups: [GroupInfoResponse]
    public init(groups: [GroupInfoResponse]) { self.groups = groups }
}

/// `GET /v1/groups/{groupId}/group-info`: the GroupInfo stored with the latest commit that carried one.
public struct LatestGroupInfo: Hashable, Sendable, Codable {
    /// The epoch the GroupInfo describes.
    public var epoch: UInt64
    /// MLSMessage carrying the GroupInfo (with ratchet_tree and external_pub extensions).
    public var groupInfo: Base64Bytes
    public init(epoch: UInt64, groupInfo: Base64Bytes) {
        self.epoch = epoch
        self.groupInfo = groupInfo
    }
}
