import CoveProtocol
import Foundation
import MLS

extension CoveClient {
    /// Changes a group's membership by one commit: adds every listed device not yet in it and
    /// removes every leaf of the listed device ids. On an epoch conflict it catches up (processes
    /// the queue) and redoes the change on the new state. Lock held. Returns whether devices were added.
    @discardableResult
    func changeMembership(groupId: [UInt8], add devices: [DeviceInfo], removeDeviceIds: Set<String>) async throws -> Bool {
        var claimed: [String: KeyPackage] = [:]
        for _ in 0..<8 {
            guard let loaded = try await loadGroup(groupId), loaded.record.active else {
                throw CoveClientError(.notAMember, "this device is not a member of the conversation")
            }
            let present = Set(loaded.record.members)
            let toAdd = devices.filter { !present.contains("\($0.username)/\($0.deviceId)") && $0.deviceId != identity.deviceId }
            let toRemove = loaded.group.members.filter { member in
                guard let credential = Self.deviceCredential(of: member) else { return false }
                return removeDeviceIds.contains(credential.deviceId) && member.leafIndex != loaded.group.ownLeafIndex
            }
            if toAdd.isEmpty && toRemove.isEmpty { return false }
            let missing = toAdd.filter { claimed[$0.deviceId] == nil }
            if !missing.isEmpty {
                for (id, kp) in try await claimKeyPackages(for: missing) { claimed[id] = kp }
            }
            var proposals: [Proposal] = []
            for device in toAdd {
                guard let kp = claimed[device.deviceId] else { continue }
                proposals.append(.add(AddProposal(keyPackage: kp)))
            }
            proposals += toRemove.map { .remove(RemoveProposal(removed: $0.leafIndex)) }
            let output: CommitOutput
            var next = loaded.group
            do {
                output = try loaded.group.commit(proposals)
                try next.merge(output.stagedCommit)
            } catch {
                throw CoveClientError(.keyPackageRejected, "cannot add a device: its KeyPackage is invalid (\(error))",
                                      hint: "the other user's client may need to publish new KeyPackages")
            }
            let removedIds = toRemove.compactMap { Self.deviceCredential(of: $0)?.deviceId }
            let request = SubmitCommitRequest(
                clientMessageId: "c-" + UUID().uuidString.lowercased(), commit: Base64Bytes(output.commit.mlsEncoded),
                welcome: toAdd.isEmpty ? nil : output.welcome.map { Base64Bytes($0.mlsEncoded) },
                addedDeviceIds: toAdd.map(\.deviceId), removedDeviceIds: removedIds)
            let outcome = try await writeAndSubmitCommit(request, group: loaded.record, next: next, groupInfo: try next.groupInfo())
            switch outcome {
            case .accepted: return !toAdd.isEmpty
            case .conflict: try await processQueue()
            case .rejected(let error): throw error
            }
        }
        throw CoveClientError(.conflict, "the conversation kept changing while this change was made", hint: "try again")
    }

    /// Writes the commit to the outbox together with the state it creates (pending), then submits.
    func writeAndSubmitCommit(_ request: SubmitCommitRequest, group record: GroupRecord, next: MLSGroup, groupInfo: MLSMessage) async throws -> SubmitOutcome {
        let withInfo = CommitSubmission(request, groupInfo: Base64Bytes(groupInfo.mlsEncoded))
        let entry = OutboxRecord(id: request.clientMessageId, groupId: record.groupId, kind: Self.outboxCommit,
                                 request: Array(try JSONEncoder().encode(withInfo)), createdAt: Self.nowMillis)
        var pending = record
        pending.sealedPendingState = try sealPendingGroup(next)
        pending.pendingCommitId = entry.id
        try await store.apply(StoreBatch([.putGroup(pending), .putOutbox(entry)]))
        return try await submit(entry)
    }

    /// Claims one KeyPackage per device and checks each carries that device's credential and
    /// directory key (so the server cannot substitute a key of its own).
    func claimKeyPackages(for devices: [DeviceInfo]) async throws -> [String: KeyPackage] {
        let answer: ClaimKeyPackagesResponse
        do {
            answer = try await authed(.POST, "/v1/key-packages/claim", ClaimKeyPackagesRequest(deviceIds: devices.map(\.deviceId)))
        } catch let failure as APIFailure where failure.code == .noKeyPackage || failure.code == .unknownDevice {
            throw CoveClientError(.keyPackageRejected, "a device of the user has no KeyPackage on the server",
                                  hint: "ask the user to run their client once so it publishes KeyPackages")
        } catch let failure as APIFailure {
            throw failure.clientError
        }
        var result: [String: KeyPackage] = [:]
        for device in devices {
            guard let claimed = answer.keyPackages.first(where: { $0.deviceId == device.deviceId }),
                  let message = try? MLSMessage(mlsEncoded: claimed.keyPackage.bytes),
                  case .keyPackage(let kp) = message.body, kp.cipherSuite == DeviceIdentity.suite,
                  case .basic(let identity) = kp.leafNode.credential,
                  DeviceCredential(identity: identity) == DeviceCredential(username: device.username, deviceId: device.deviceId),
                  kp.leafNode.signatureKey == device.signatureKey.bytes else {
                throw CoveClientError(.keyPackageRejected, "the server gave a KeyPackage that does not match \(device.username)'s device",
                                      hint: "the server may be misbehaving; do not add this user until it is resolved")
            }
            result[device.deviceId] = kp
        }
        try await verifyClaimed(answer, devices: devices, keyPackages: result)
        return result
    }
}

/// The body of `POST /v1/groups/{id}/commits`: ``SubmitCommitRequest`` plus the GroupInfo of the
/// epoch the commit creates (stored by the server for members that must rejoin).
struct CommitSubmission: Codable, Sendable {
    var clientMessageId: String
    var commit: Base64Bytes
    var welcome: Base64Bytes?
    var addedDeviceIds: [String]
    var removedDeviceIds: [String]
    var groupInfo: Base64Bytes?

    init(_ request: SubmitCommitRequest, groupInfo: Base64Bytes?) {
        clientMessageId = request.clientMessageId
        commit = request.commit
        welcome = request.welcome
        addedDeviceIds = request.addedDeviceIds
        removedDeviceIds = request.removedDeviceIds
        self.groupInfo = groupInfo
    }
}
