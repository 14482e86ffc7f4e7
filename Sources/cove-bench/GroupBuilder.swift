import CoveProtocol
import Foundation
import MLS
import NIOHTTP1

/// Builds the benchmark's groups with real MLS, the way clients do: the creator registers the
/// group, claims one KeyPackage per other member from the directory, commits their Adds with a
/// Welcome, and the joiners take the Welcome from their queue and join from it.
struct GroupBuilder {
    let api: APIClient
    let mls: MLSContext

    /// `plan[g]` lists the device indices of group g, creator first. Returns every device's
    /// memberships, indexed by device.
    func build(plan: [[Int]], devices: [BenchDevice]) async throws -> [[Membership]] {
        var created: [Membership] = []
        try await withThrowingTaskGroup(of: Membership.self) { tasks in
            var next = 0
            // A few at a time: the work is MLS crypto on the client plus one commit per group.
            for _ in 0..<min(4, plan.count) {
                let g = next; next += 1
                tasks.addTask { try await createGroup(index: g, members: plan[g].map { devices[$0] }) }
            }
            while let membership = try await tasks.next() {
                created.append(membership)
                if next < plan.count {
                    let g = next; next += 1
                    tasks.addTask { try await createGroup(index: g, members: plan[g].map { devices[$0] }) }
                }
            }
        }
        var memberships = Array(repeating: [Membership](), count: devices.count)
        for m in created { memberships[m.device.index].append(m) }
        let expected = Dictionary(grouping: plan.flatMap { $0.dropFirst() }, by: { $0 }).mapValues(\.count)
        let joined = try await withThrowingTaskGroup(of: [Membership].self) { tasks in
            for device in devices where expected[device.index] != nil {
                tasks.addTask { try await joinFromQueue(device, expecting: expected[device.index] ?? 0) }
            }
            var all: [Membership] = []
            while let more = try await tasks.next() { all += more }
            return all
        }
        for m in joined { memberships[m.device.index].append(m) }
        return memberships
    }

    private func createGroup(index: Int, members: [BenchDevice]) async throws -> Membership {
        let creator = members[0], others = Array(members.dropFirst())
        var rng = SystemRandomNumberGenerator()
        let groupID = (0..<16).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
        var group = try MLSGroup.create(groupID: groupID, cipherSuite: mls.suite, signer: creator.signer, configuration: mls.configuration)
        let path = "/v1/groups/" + GroupID(groupID).string
        _ = try await api.call(.POST, "/v1/groups", body: CreateGroupRequest(groupId: GroupID(groupID)), token: creator.token,
                               expect: 201, as: GroupInfoResponse.self)
        guard !others.isEmpty else { return Membership(device: creator, group: group) }
        var adds: [Proposal] = []
        for start in stride(from: 0, to: others.count, by: 100) {
            let ids = others[start..<min(start + 100, others.count)].map(\.deviceId)
            let claimed = try await api.call(.POST, "/v1/key-packages/claim", body: ClaimKeyPackagesRequest(deviceIds: ids),
                                             token: creator.token, as: ClaimKeyPackagesResponse.self)
            for entry in claimed.keyPackages {
                guard case .keyPackage(let kp) = try MLSMessage(mlsEncoded: entry.keyPackage.bytes).body else {
                    throw SetupError(description: "the directory returned something other than a KeyPackage")
                }
                adds.append(.add(AddProposal(keyPackage: kp)))
            }
        }
        let output = try group.commit(adds)
        _ = try await api.call(.POST, path + "/commits", body: SubmitCommitRequest(
            clientMessageId: "setup-\(index)", commit: Base64Bytes(output.commit.mlsEncoded),
            welcome: output.welcome.map { Base64Bytes($0.mlsEncoded) }, addedDeviceIds: others.map(\.deviceId),
            groupInfo: Base64Bytes(try output.groupInfo().mlsEncoded)),
            token: creator.token, as: SubmitResponse.self)
        try group.merge(output.stagedCommit)
        return Membership(device: creator, group: group)
    }

    /// Reads the device's queue over HTTP, joins every group it has a Welcome for, acks.
    private func joinFromQueue(_ device: BenchDevice, expecting count: Int) async throws -> [Membership] {
        var joined: [Membership] = []
        var after: Int64 = 0
        for _ in 0..<1000 where joined.count < count {
            let list = try await api.call(.GET, "/v1/messages?after=\(after)&limit=500", token: device.token, as: MessageList.self)
            if list.messages.isEmpty { break }
            for entry in list.messages {
                after = entry.seq
                guard entry.kind == .welcome else { continue }
                let welcome = try MLSMessage(mlsEncoded: entry.payload.bytes)
                let group = try MLSGroup.join(welcome: welcome, keyPackages: device.keyPackages, configuration: mls.configuration)
                joined.append(Membership(device: device, group: group))
            }
            for start in stride(from: 0, to: list.messages.count, by: 1000) {
                let seqs = list.messages[start..<min(start + 1000, list.messages.count)].map(\.seq)
                _ = try await api.call(.POST, "/v1/messages/ack", body: AckRequest(seqs: seqs), token: device.token, as: AckResponse.self)
            }
        }
        guard joined.count == count else {
            throw SetupError(description: "device \(device.index) joined \(joined.count) of \(count) groups")
        }
        return joined
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
}
