import CoveProtocol
import Foundation
import MLS

/// A group's stored record with its unsealed MLS state.
struct LoadedGroup: Sendable {
    var record: GroupRecord
    var group: MLSGroup
}

extension CoveClient {
    func sealGroup(_ group: MLSGroup) throws -> [UInt8] {
        try sealer.seal(group.encoded(), associatedData: SealContext.group(group.groupID))
    }

    func sealPendingGroup(_ group: MLSGroup) throws -> [UInt8] {
        try sealer.seal(group.encoded(), associatedData: SealContext.pendingGroup(group.groupID))
    }

    func unsealGroup(_ sealed: [UInt8], id: [UInt8], pending: Bool = false) throws -> MLSGroup {
        let plain = try sealer.open(sealed, associatedData: pending ? SealContext.pendingGroup(id) : SealContext.group(id))
        do {
            return try MLSGroup(encoded: plain, configuration: configuration)
        } catch {
            throw CoveClientError(.corruptStore, "a group state in the store is damaged")
        }
    }

    func loadGroup(_ id: [UInt8]) async throws -> LoadedGroup? {
        guard let record = try await store.group(id: id) else { return nil }
        return LoadedGroup(record: record, group: try unsealGroup(record.sealedState, id: id))
    }

    /// `username/deviceId` of every member leaf that carries a Cove device credential.
    static func memberIds(_ group: MLSGroup) -> [String] {
        group.members.compactMap { deviceCredential(of: $0)?.description }
    }

    static func deviceCredential(of member: Member) -> DeviceCredential? {
        guard case .basic(let identity) = member.credential else { return nil }
        return DeviceCredential(identity: identity)
    }

    /// The record of `group` after a state change.
    func updated(_ record: GroupRecord, with group: MLSGroup) throws -> GroupRecord {
        var next = record
        next.sealedState = try sealGroup(group)
        next.sealedPendingState = nil
        next.pendingCommitId = nil
        next.epoch = group.epoch
        next.active = group.isActive
        next.members = Self.memberIds(group)
        next.updatedAt = Self.nowMillis
        return next
    }

    static func users(of record: GroupRecord) -> [String] {
        Array(Set(record.members.compactMap { $0.split(separator: "/").first.map(String.init) })).sorted()
    }

    /// The name people see: the group's name, or the other user(s) of a direct chat.
    func displayName(_ record: GroupRecord) -> String {
        if record.kind == "direct" {
            let others = Self.users(of: record).filter { $0 != identity.username }
            return others.isEmpty ? identity.username : others.joined(separator: ",")
        }
        return record.name ?? GroupID(record.groupId).string
    }

    func conversation(_ record: GroupRecord) -> Conversation {
        Conversation(id: GroupID(record.groupId).string, name: displayName(record), kind: record.kind,
                     members: Self.users(of: record), active: record.active, epoch: record.epoch)
    }

    /// Finds a conversation by id, group name, or (for direct chats) the other user's name.
    func resolve(_ nameOrId: String) async throws -> GroupRecord {
        let all = try await store.groups()
        if let id = GroupID(string: nameOrId), let match = all.first(where: { $0.groupId == id.bytes }) { return match }
        let byName = all.filter { $0.active && displayName($0) == nameOrId }
        let groups = byName.filter { $0.kind != "direct" }
        if groups.count == 1 { return groups[0] }
        if groups.count > 1 {
            throw CoveClientError(.ambiguousConversation, "several conversations are named '\(nameOrId)'", hint: "use the conversation id (cove group list)")
        }
        if let direct = byName.first { return direct }
        throw CoveClientError(.unknownConversation, "no conversation named '\(nameOrId)'", hint: "list them with `cove group list`")
    }

    /// The active direct chat with `user`, if any.
    func directConversation(with user: String) async throws -> GroupRecord? {
        let wanted = Set([identity.username, user])
        return try await store.groups().first { $0.active && $0.kind == "direct" && Set(Self.users(of: $0)) == wanted }
    }

    /// The devices the directory lists for `user`.
    func directoryDevices(of user: String) async throws -> [DeviceInfo] {
        guard DeviceCredential.isValidUsername(Array(user.utf8)) else {
            throw CoveClientError(.unknownUser, "no user named '\(user)'", hint: "user names are 1-64 of a-z 0-9 . _ -")
        }
        do {
            let list: DeviceList = try await authed(.GET, "/v1/users/\(user)/devices")
            return try await verifiedDirectory(list, user: user)
        } catch let failure as APIFailure where failure.code == .unknownUser {
            throw CoveClientError(.unknownUser, "no user named '\(user)' on the server", hint: "check the spelling of the user name")
        } catch let failure as APIFailure {
            throw failure.clientError
        }
    }
}
