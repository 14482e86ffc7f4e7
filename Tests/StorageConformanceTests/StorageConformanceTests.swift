import CoveServer
import Foundation
import Testing

/// One suite, every backend: the behaviour the server relies on from any store.
@Suite("Storage conformance")
struct StorageConformanceTests {
    let group: [UInt8] = Array("group-1".utf8)

    @Test("accounts: unique user names and device keys; devices listed per user", arguments: Backend.allCases)
    func accounts(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            await #expect(throws: StoreError.usernameTaken) {
                try await store.createAccount(id: "acc-x", username: "alice", firstDevice: device("x1", account: "acc-x", user: "alice", key: 9))
            }
            await #expect(throws: StoreError.deviceKeyTaken) {
                try await store.createAccount(id: "acc-y", username: "yves", firstDevice: device("y1", account: "acc-y", user: "yves", key: 1))
            }
            // The refused account was not half-created.
            #expect(try await store.devices(username: "yves") == nil)
            #expect(try await store.devices(username: "alice")?.map(\.id) == ["a1", "a2"])
            #expect(try await store.device(id: "b1")?.username == "bob")
            #expect(try await store.device(id: "zz") == nil)
            #expect(try await store.devices(accountId: "acc-a").count == 2)
        }
    }

    @Test("sessions: challenges are single-use and expire; tokens expire", arguments: Backend.allCases)
    func sessions(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.insertChallenge(id: "ch1", deviceId: "a1", nonce: [7, 7], expiresAt: 5000)
            #expect(try await store.consumeChallenge(id: "ch1", deviceId: "b1", now: 1000) == nil)  // wrong device burns it
            #expect(try await store.consumeChallenge(id: "ch1", deviceId: "a1", now: 1000) == nil)
            try await store.insertChallenge(id: "ch2", deviceId: "a1", nonce: [8], expiresAt: 5000)
            #expect(try await store.consumeChallenge(id: "ch2", deviceId: "a1", now: 1000) == [8])
            #expect(try await store.consumeChallenge(id: "ch2", deviceId: "a1", now: 1000) == nil)  // replay
            try await store.insertChallenge(id: "ch3", deviceId: "a1", nonce: [9], expiresAt: 5000)
            #expect(try await store.consumeChallenge(id: "ch3", deviceId: "a1", now: 5000) == nil)  // expired
            try await store.insertToken(hash: [1, 2, 3], deviceId: "a1", expiresAt: 5000)
            #expect(try await store.device(forTokenHash: [1, 2, 3], now: 4999) == "a1")
            #expect(try await store.device(forTokenHash: [1, 2, 3], now: 5000) == nil)
            #expect(try await store.device(forTokenHash: [1, 2, 4], now: 0) == nil)
            try await store.purgeExpiredSessions(now: 6000)
            #expect(try await store.device(forTokenHash: [1, 2, 3], now: 0) == nil)
        }
    }

    @Test("key packages: each one-time package claimed exactly once, then the last-resort one", arguments: Backend.allCases)
    func keyPackages(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.addKeyPackages(deviceId: "b1", [[1], [2], [3]], lastResort: [99], maxCount: 10)
            let count3381 = try await store.keyPackageCount(deviceId: "b1")
            #expect(count3381.count == 3 && count3381.hasLastResort == true)
            await #expect(throws: StoreError.tooManyKeyPackages) {
                try await store.addKeyPackages(deviceId: "b1", Array(repeating: [5], count: 8), lastResort: nil, maxCount: 10)
            }
            // Concurrent claims never hand out the same package twice.
            let claimed = try await withThrowingTaskGroup(of: ([UInt8], Bool)?.self) { group in
                for _ in 0..<6 { group.addTask { try await store.claimKeyPackage(deviceId: "b1").map { ($0.bytes, $0.lastResort) } } }
                var out: [([UInt8], Bool)] = []
                for try await c in group { if let c { out.append(c) } }
                return out
            }
            let oneTime = claimed.filter { !$0.1 }.map(\.0)
            #expect(oneTime.sorted { $0[0] < $1[0] } == [[1], [2], [3]])
            #expect(claimed.filter(\.1).allSatisfy { $0.0 == [99] })
            #expect(claimed.count == 6)
            let count4377 = try await store.keyPackageCount(deviceId: "b1")
            #expect(count4377.count == 0 && count4377.hasLastResort == true)
            #expect(try await store.claimKeyPackage(deviceId: "c1") == nil)
            // A new last-resort package replaces the old one.
            try await store.addKeyPackages(deviceId: "b1", [], lastResort: [100], maxCount: 10)
            #expect(try await store.claimKeyPackage(deviceId: "b1")?.bytes == [100])
        }
    }

    @Test("commits: exactly one per epoch, welcome only to joiners, fan-out to old members", arguments: Backend.allCases)
    func commits(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            await #expect(throws: StoreError.groupExists) { try await store.createGroup(id: group, creatorDevice: "b1", now: 1000) }
            let first = try await store.acceptCommit(commit(group, from: "a1", id: "c-1", epoch: 0, welcome: [0xEE], added: ["a2", "b1"]))
            #expect(first.epoch == 1 && !first.duplicate)
            #expect(Set(first.recipients) == ["a2", "b1"])
            #expect(try await store.group(id: group)?.members == ["a1", "a2", "b1"])
            // b1 (now a member) races with a stale commit for epoch 0: conflict, nothing stored.
            await #expect(throws: StoreError.epochConflict(current: 1)) {
                try await store.acceptCommit(commit(self.group, from: "b1", id: "c-2", epoch: 0, bytes: [4]))
            }
            await #expect(throws: StoreError.epochAhead(current: 1)) {
                try await store.acceptCommit(commit(self.group, from: "b1", id: "c-3", epoch: 5, bytes: [4]))
            }
            await #expect(throws: StoreError.notMember) {
                try await store.acceptCommit(commit(self.group, from: "c1", id: "c-4", epoch: 1))
            }
            await #expect(throws: StoreError.unknownDevice("nope")) {
                try await store.acceptCommit(commit(self.group, from: "a1", id: "c-5", epoch: 1, welcome: [1], added: ["nope"]))
            }
            #expect(try await store.group(id: group)?.epoch == 1)  // the refused commit changed nothing
            // Joiners got only the welcome; the existing member nothing else.
            let b1 = try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10)
            #expect(b1.map(\.kind) == ["welcome"])
            #expect(b1.first?.payload == [0xEE] && b1.first?.epoch == 1)
            #expect(try await store.pending(deviceId: "a1", afterSeq: 0, limit: 10).isEmpty)
            // Remove b1 at epoch 1: b1 still gets the commit that removed it.
            let second = try await store.acceptCommit(commit(group, from: "a1", id: "c-6", epoch: 1, bytes: [6], removed: ["b1"]))
            #expect(second.epoch == 2)
            #expect(Set(second.recipients) == ["a2", "b1"])
            #expect(try await store.group(id: group)?.members == ["a1", "a2"])
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10).map(\.kind) == ["welcome", "commit"])
        }
    }

    @Test("concurrent commits for one epoch: exactly one wins", arguments: Backend.allCases)
    func concurrentCommits(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["a2", "b1", "c1"]))
            let results = await withTaskGroup(of: Bool.self) { tasks in
                for (i, d) in ["a1", "a2", "b1", "c1"].enumerated() {
                    tasks.addTask {
                        do {
                            _ = try await store.acceptCommit(commit(self.group, from: d, id: "race-\(i)", epoch: 1, bytes: [UInt8(i)]))
                            return true
                        } catch { return false }
                    }
                }
                var wins = 0
                for await ok in tasks where ok { wins += 1 }
                return wins
            }
            #expect(results == 1)
            #expect(try await store.group(id: group)?.epoch == 2)
        }
    }

    @Test("messages: fan-out to every other member device, idempotent by client id", arguments: Backend.allCases)
    func messages(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["a2", "b1"]))
            let sent = try await store.acceptMessage(message(group, from: "b1", id: "m-1", epoch: 1, bytes: [0xAB]))
            #expect(Set(sent.recipients) == ["a1", "a2"] && !sent.duplicate)
            let again = try await store.acceptMessage(message(group, from: "b1", id: "m-1", epoch: 1, bytes: [0xAB]))
            #expect(again.duplicate && again.messageId == sent.messageId && again.recipients.isEmpty)
            await #expect(throws: StoreError.clientMessageIDReused) {
                try await store.acceptMessage(message(self.group, from: "b1", id: "m-1", epoch: 1, bytes: [0xAC]))
            }
            await #expect(throws: StoreError.notMember) { try await store.acceptMessage(message(self.group, from: "c1", id: "m-2")) }
            await #expect(throws: StoreError.unknownGroup) { try await store.acceptMessage(message([1], from: "a1", id: "m-3")) }
            await #expect(throws: StoreError.epochAhead(current: 1)) {
                try await store.acceptMessage(message(self.group, from: "a1", id: "m-4", epoch: 2))
            }
            // The same client id from another device is a different message.
            _ = try await store.acceptMessage(message(group, from: "a1", id: "m-1", epoch: 1, bytes: [0xCD]))
            let a2 = try await store.pending(deviceId: "a2", afterSeq: 0, limit: 10)
            #expect(a2.map(\.payload) == [[1], [0xAB], [0xCD]])  // welcome, then both messages
            #expect(a2.map(\.senderDevice) == ["a1", "b1", "a1"])
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10).map(\.payload) == [[1], [0xCD]])
        }
    }

    @Test("queue: entries leave only on the owner's ack; paging; expiry", arguments: Backend.allCases)
    func queue(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["b1"]))
            for i in 0..<5 {
                _ = try await store.acceptMessage(message(group, from: "a1", id: "m\(i)", epoch: 1, bytes: [UInt8(i)], now: 3000 + Int64(i)))
            }
            let all = try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100)
            #expect(all.count == 6)
            let page = try await store.pending(deviceId: "b1", afterSeq: all[1].seq, limit: 2)
            #expect(page.map(\.seq) == [all[2].seq, all[3].seq])
            // Another device cannot ack b1's entries.
            #expect(try await store.ack(deviceId: "a1", seqs: all.map(\.seq)) == 0)
            #expect(try await store.ack(deviceId: "b1", seqs: [all[0].seq, all[0].seq, all[1].seq]) == 2)
            #expect(try await store.ack(deviceId: "b1", seqs: [all[0].seq]) == 0)
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100).count == 4)
            // Expire everything created before 3002: of the remaining four, only m1 (3001).
            #expect(try await store.expire(before: 3002) == 1)
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100).map(\.payload) == [[2], [3], [4]])
        }
    }

    @Test("blobs: in-order chunks, size and quota limits, ranged reads", arguments: Backend.allCases)
    func blobs(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createBlob(id: "blob1", accountId: "acc-a", size: 10, quota: 15, now: 1)
            await #expect(throws: StoreError.blobTooLarge) {
                try await store.createBlob(id: "blob2", accountId: "acc-a", size: 6, quota: 15, now: 1)
            }
            await #expect(throws: StoreError.unknownBlob) {
                try await store.appendChunk(id: "blob1", accountId: "acc-b", offset: 0, bytes: [1], now: 2)
            }
            _ = try await store.appendChunk(id: "blob1", accountId: "acc-a", offset: 0, bytes: [0, 1, 2, 3], now: 2)
            await #expect(throws: StoreError.blobState("expected offset 4")) {
                try await store.appendChunk(id: "blob1", accountId: "acc-a", offset: 0, bytes: [0], now: 2)
            }
            await #expect(throws: StoreError.blobTooLarge) {
                try await store.appendChunk(id: "blob1", accountId: "acc-a", offset: 4, bytes: Array(repeating: 0, count: 7), now: 2)
            }
            let done = try await store.appendChunk(id: "blob1", accountId: "acc-a", offset: 4, bytes: [4, 5, 6, 7, 8, 9], now: 2)
            #expect(done.complete && done.received == 10)
            #expect(try await store.readBlob(id: "blob1", offset: 2, length: 5) == [2, 3, 4, 5, 6])
            #expect(try await store.readBlob(id: "blob1", offset: 0, length: 10) == Array(0...9))
        }
    }
}
