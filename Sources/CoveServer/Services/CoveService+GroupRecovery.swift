import CoveProtocol
import MLSCore

/// Group listing and the stored GroupInfo, for a device that lost or forked its local state and
/// rejoins by external commit (openapi.yaml: GET /v1/groups, GET /v1/groups/{groupId}/group-info).
extension CoveService {
    static let maxGroupInfoSize = 1 << 19

    /// Checks that `bytes` is an MLSMessage carrying a GroupInfo of `group` at `epoch` (the epoch
    /// the commit creates). The server cannot verify its signature against the tree it does not
    /// hold; members verify it when they use it.
    static func checkGroupInfo(_ bytes: [UInt8], group: GroupID, epoch: UInt64) throws -> [UInt8] {
        guard bytes.count <= maxGroupInfoSize else { throw APIError.invalidField("groupInfo is too large") }
        guard case .groupInfo(let info) = try decodeMLS(bytes, what: "groupInfo").body else {
            throw APIError(.badRequest, .invalidMLSMessage, "groupInfo must be an MLSMessage carrying a GroupInfo")
        }
        guard info.groupContext.groupID == group.bytes else {
            throw APIError(.badRequest, .groupMismatch, "the GroupInfo's group id differs from the URL's")
        }
        guard info.groupContext.epoch == epoch else {
            throw APIError.invalidField("groupInfo must describe the epoch the commit creates (\(epoch))")
        }
        return bytes
    }

    public func groups(caller: DeviceRecord) async throws -> GroupList {
        GroupList(groups: try await store.groups(memberDevice: caller.id).map {
            GroupInfoResponse(groupId: GroupID($0.id), epoch: $0.epoch, memberDeviceIds: $0.members)
        })
    }

    public func latestGroupInfo(caller: DeviceRecord, id: GroupID) async throws -> LatestGroupInfo {
        guard let group = try await store.group(id: id.bytes), group.members.contains(caller.id) else {
            throw APIError(.notFound, .unknownGroup, "unknown group")
        }
        guard let stored = try await store.latestGroupInfo(groupId: id.bytes) else {
            throw APIError(.notFound, .noGroupInfo, "no GroupInfo stored for this group yet")
        }
        return LatestGroupInfo(epoch: stored.epoch, groupInfo: Base64Bytes(stored.groupInfo))
    }
}
