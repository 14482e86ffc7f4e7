import CoveServer
import Foundation
import Testing

/// Device links, revocation, group listings and stored GroupInfo, on every backend.
@Suite("Storage conformance: device lifecycle and group recovery")
struct DeviceLifecycleConformanceTests {
    let group: [UInt8] = Array("group-1".utf8)

    func link(_ id: String, device: String, key: UInt8, account: String = "acc-a", created: Int64 = 1000,
              expires: Int64 = 601_000) -> DeviceLinkRecord {
        DeviceLinkRecord(id: id, accountId: account, username: "alice", deviceId: device, name: "new-\(device)",
                         signatureKey: [UInt8](repeating: key, count: 32), createdAt: created, expiresAt: expires)
    }

    @Test("links: pending until approved or expired; approval creates the device with its KeyPackages", arguments: Backend.allCases)
    func links(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createDeviceLink(link("L1", device: "a3", key: 30), maxPending: 2, now: 1000)
            // A key that already belongs to a device cannot be linked.
            await #expect(throws: StoreError.deviceKeyTaken) {
                try await store.createDeviceLink(link("L0", device: "a9", key: 1), maxPending: 2, now: 1000)
            }
            try await store.createDeviceLink(link("L2", device: "a4", key: 31, expires: 2000), maxPending: 2, now: 1000)
            await #expect(throws: StoreError.tooManyDeviceLinks) {
                try await store.createDeviceLink(link("L3", device: "a5", key: 32), maxPending: 2, now: 1500)
            }
            // Once L2 has expired it no longer counts.
            try await store.createDeviceLink(link("L3", device: "a5", key: 32), maxPending: 2, now: 2000)
            #expect(try await store.pendingDeviceLinks(accountId: "acc-a", now: 2000).map(\.id) == ["L1", "L3"])
            #expect(try await store.pendingDeviceLinks(accountId: "acc-b", now: 2000).isEmpty)
            let stored = try #require(try await store.deviceLink(id: "L1"))
            #expect(stored.username == "alice" && stored.deviceId == "a3" && stored.approvedAt == nil)
            #expect(try await store.deviceLink(id: "nope") == nil)

            // KeyPackages uploaded on the link live under the reserved id; the device does not exist yet.
            try await store.addKeyPackages(deviceId: "a3", [[1], [2]], lastResort: [9], maxCount: 10)
            #expect(try await store.device(id: "a3") == nil)
            let device = try await store.approveDeviceLink(id: "L1", now: 3000)
            #expect(device.id == "a3" && device.accountId == "acc-a" && device.signatureKey == [UInt8](repeating: 30, count: 32))
            #expect(try await store.device(id: "a3")?.name == "new-a3")
            #expect(try await store.devices(username: "alice")?.map(\.id) == ["a1", "a2", "a3"])
            let count = try await store.keyPackageCount(deviceId: "a3")
            #expect(count.count == 2 && count.hasLastResort)
            #expect(try await store.deviceLink(id: "L1")?.approvedAt == 3000)
            // Approved once only; expired ones never; unknown ones are unknown.
            await #expect(throws: StoreError.deviceLinkNotPending) { try await store.approveDeviceLink(id: "L1", now: 3001) }
            await #expect(throws: StoreError.deviceLinkNotPending) { try await store.approveDeviceLink(id: "L2", now: 3001) }
            await #expect(throws: StoreError.unknownDeviceLink) { try await store.approveDeviceLink(id: "L9", now: 3001) }
            #expect(try await store.device(id: "a4") == nil)
            #expect(try await store.pendingDeviceLinks(accountId: "acc-a", now: 3001).map(\.id) == ["L3"])

            // Purging drops expired links and the KeyPackages of unapproved ones, not the approved device's.
            try await store.addKeyPackages(deviceId: "a4", [[7]], lastResort: nil, maxCount: 10)
            try await store.purgeDeviceLinks(before: 700_000)
            #expect(try await store.deviceLink(id: "L2") == nil)
            #expect(try await store.keyPackageCount(deviceId: "a4").count == 0)
            #expect(try await store.keyPackageCount(deviceId: "a3").count == 2)
        }
    }

    @Test("concurrent approvals of one link: exactly one device", arguments: Backend.allCases)
    func concurrentApprovals(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createDeviceLink(link("L1", device: "a3", key: 30), maxPending: 5, now: 1000)
            let wins = await withTaskGroup(of: Bool.self) { tasks in
                for _ in 0..<4 { tasks.addTask { (try? await store.approveDeviceLink(id: "L1", now: 2000)) != nil } }
                var n = 0
                for await ok in tasks where ok { n += 1 }
                return n
            }
            #expect(wins == 1)
            #expect(try await store.devices(accountId: "acc-a").count == 3)
        }
    }

    @Test("revocation: tokens, challenges, KeyPackages and queue go; hidden from the user's listing", arguments: Backend.allCases)
    func revocation(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.insertToken(hash: [1], deviceId: "a2", expiresAt: 10_000)
            try await store.insertToken(hash: [2], deviceId: "a1", expiresAt: 10_000)
            try await store.insertChallenge(id: "ch", deviceId: "a2", nonce: [5], expiresAt: 10_000)
            try await store.addKeyPackages(deviceId: "a2", [[1]], lastResort: [2], maxCount: 10)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            var add = commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["a2", "b1"])
            add.leafChanges = [LeafAssignment(index: 1, deviceId: "a2"), LeafAssignment(index: 2, deviceId: "b1")]
            _ = try await store.acceptCommit(add)
            try await store.revokeDevice(id: "a2", at: 5000)
            #expect(try await store.device(forTokenHash: [1], now: 0) == nil)
            #expect(try await store.device(forTokenHash: [2], now: 0) == "a1")  // other devices unaffected
            #expect(try await store.consumeChallenge(id: "ch", deviceId: "a2", now: 0) == nil)
            #expect(try await store.claimKeyPackage(deviceId: "a2") == nil)
            #expect(try await store.pending(deviceId: "a2", afterSeq: 0, limit: 10).isEmpty)
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10).count == 1)
            #expect(try await store.device(id: "a2")?.revokedAt == 5000)
            // No longer a member anywhere (no fan-out); its leaf stays for the removing commit.
            #expect(try await store.group(id: group)?.members == ["a1", "b1"])
            #expect(try await store.commitContext(groupId: group)?.leaves == [0: "a1", 1: "a2", 2: "b1"])
            let fanout = try await store.acceptMessage(message(group, from: "b1", id: "after-revoke", epoch: 1))
            #expect(fanout.recipients == ["a1"])
            #expect(try await store.device(id: "a1")?.revokedAt == nil)
            #expect(try await store.devices(username: "alice")?.map(\.id) == ["a1"])
            #expect(try await store.devices(accountId: "acc-a").map(\.revokedAt) == [nil, 5000])
            // Idempotent; unknown devices are unknown.
            try await store.revokeDevice(id: "a2", at: 6000)
            #expect(try await store.device(id: "a2")?.revokedAt == 5000)
            await #expect(throws: StoreError.unknownDevice("zz")) { try await store.revokeDevice(id: "zz", at: 6000) }
            // A revoked device cannot be added to a group.
            let second: [UInt8] = Array("group-2".utf8)
            try await store.createGroup(id: second, creatorDevice: "a1", now: 1000)
            await #expect(throws: StoreError.unknownDevice("a2")) {
                try await store.acceptCommit(commit(second, from: "a1", id: "add-2", epoch: 0, welcome: [1], added: ["c1", "a2"]))
            }
            #expect(try await store.group(id: second)?.epoch == 0)
        }
    }

    @Test("group listings and the latest GroupInfo, stored with its commit", arguments: Backend.allCases)
    func groupInfo(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let other: [UInt8] = Array("group-0".utf8)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            try await store.createGroup(id: other, creatorDevice: "b1", now: 1000)
            #expect(try await store.latestGroupInfo(groupId: group) == nil)
            var add = commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["b1"])
            add.groupInfo = [0x61, 1]
            _ = try await store.acceptCommit(add)
            let first = try #require(try await store.latestGroupInfo(groupId: group))
            #expect(first.epoch == 1 && first.groupInfo == [0x61, 1])
            // A commit without one keeps the previous; a refused commit changes nothing.
            _ = try await store.acceptCommit(commit(group, from: "b1", id: "upd", epoch: 1))
            var stale = commit(group, from: "a1", id: "stale", epoch: 1)
            stale.groupInfo = [0x66]
            await #expect(throws: StoreError.epochConflict(current: 2)) { try await store.acceptCommit(stale) }
            #expect(try await store.latestGroupInfo(groupId: group)?.groupInfo == [0x61, 1])
            var next = commit(group, from: "a1", id: "next", epoch: 2)
            next.groupInfo = [0x63]
            _ = try await store.acceptCommit(next)
            let latest = try #require(try await store.latestGroupInfo(groupId: group))
            #expect(latest.epoch == 3 && latest.groupInfo == [0x63])
            #expect(try await store.latestGroupInfo(groupId: other) == nil)

            #expect(try await store.groups(memberDevice: "b1").map(\.id) == [other, group])
            #expect(try await store.groups(memberDevice: "b1").last?.members == ["a1", "b1"])
            #expect(try await store.groups(memberDevice: "a1").map(\.epoch) == [3])
            #expect(try await store.groups(memberDevice: "c1").isEmpty)
        }
    }
}
