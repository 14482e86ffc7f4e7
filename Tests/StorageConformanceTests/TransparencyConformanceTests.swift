import CoveServer
import CoveTransparency
import Foundation
import MLSCrypto
import Testing

/// The key-transparency log inside the store, on every backend: appends in the device
/// transactions, signed checkpoints, proofs from the persisted tree.
@Suite("Transparency log conformance")
struct TransparencyConformanceTests {
    /// Every entry of the log, decoded, with the leaf hashes.
    func allEntries(_ store: any CoveStore) async throws -> [LogEntry] {
        let size = try await store.latestCheckpoint().checkpoint.size
        return try await store.logEntries(start: 0, end: size).map { try LogEntry.decode($0) }
    }

    func verifiedHead(_ store: any CoveStore) async throws -> SignedCheckpoint {
        let identity = try await store.logIdentity()
        let head = try await store.latestCheckpoint()
        try identity.publicKey.verify(head, origin: identity.origin)
        return head
    }

    @Test("every device added is logged with its user, id and key; the checkpoint is signed", arguments: Backend.allCases)
    func appendsOnDeviceChanges(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            let empty = try await verifiedHead(store)
            #expect(empty.checkpoint.size == 0)
            #expect(empty.checkpoint.rootHash == MerkleHash.emptyRoot)
            try await seedAccounts(store)
            let head = try await verifiedHead(store)
            #expect(head.checkpoint.size == 4)
            #expect(head.checkpoint.origin == Array(TransparencyLogSettings.defaultOrigin.utf8))
            let entries = try await allEntries(store)
            #expect(entries.map { String(decoding: $0.userID, as: UTF8.self) } == ["alice", "alice", "bob", "carol"])
            #expect(entries.map { String(decoding: $0.deviceID, as: UTF8.self) } == ["a1", "a2", "b1", "c1"])
            #expect(entries.map(\.signatureKey) == [1, 2, 3, 4].map { [UInt8](repeating: $0, count: 32) })
            #expect(entries.allSatisfy { $0.event == .deviceAdded && $0.timestamp == 1000 })
            // The signed root is the RFC 9162 root of exactly these entries.
            #expect(head.checkpoint.rootHash == MerkleHash.root(leafHashes: entries.map(\.leafHash)))
        }
    }

    @Test("a refused device change appends nothing", arguments: Backend.allCases)
    func refusedChangesAppendNothing(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let before = try await store.latestCheckpoint()
            await #expect(throws: StoreError.usernameTaken) {
                try await store.createAccount(id: "acc-x", username: "alice", firstDevice: device("x1", account: "acc-x", user: "alice", key: 9))
            }
            await #expect(throws: StoreError.deviceKeyTaken) {
                try await store.addDevice(device("b2", account: "acc-b", user: "bob", key: 1))
            }
            #expect(try await store.latestCheckpoint() == before)
            #expect(try await store.deviceInclusions(deviceIds: ["x1", "b2"]).byDevice.isEmpty)
        }
    }

    @Test("inclusion and consistency proofs from the stored tree verify (RFC 9162)", arguments: Backend.allCases)
    func proofs(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.createAccount(id: "acc", username: "dana", firstDevice: device("d0", account: "acc", user: "dana", key: 100))
            for i in 1..<37 {
                try await store.addDevice(device("d\(i)", account: "acc", user: "dana", key: UInt8(100 + i)))
            }
            let entries = try await allEntries(store)
            #expect(entries.count == 37)
            let leaves = entries.map(\.leafHash)
            let roots = (0...leaves.count).map { MerkleHash.root(leafHashes: Array(leaves.prefix($0))) }
            for size in [1, 2, 3, 7, 8, 13, 16, 31, 32, 36, 37] {
                for index in Set([0, 1, size / 2, size - 2, size - 1].filter { $0 >= 0 && $0 < size }) {
                    let (entry, proof) = try await store.inclusionProof(index: UInt64(index), treeSize: UInt64(size))
                    #expect(entry == entries[index].leafInput)
                    try ProofVerifier.verifyInclusion(leafHash: leaves[index], index: UInt64(index), treeSize: UInt64(size),
                                                      proof: proof, rootHash: roots[size])
                }
            }
            for (from, to) in [(0, 37), (1, 37), (4, 37), (5, 13), (8, 16), (13, 13), (31, 32), (36, 37), (7, 8)] {
                let proof = try await store.consistencyProof(from: UInt64(from), to: UInt64(to))
                try ProofVerifier.verifyConsistency(oldSize: UInt64(from), newSize: UInt64(to), oldRoot: roots[from],
                                                    newRoot: roots[to], proof: proof)
            }
            // A proof against the wrong root fails (the test can fail).
            let proof = try await store.consistencyProof(from: 5, to: 13)
            #expect(throws: TransparencyError.self) {
                try ProofVerifier.verifyConsistency(oldSize: 5, newSize: 13, oldRoot: roots[6], newRoot: roots[13], proof: proof)
            }
            #expect(try await store.logEntries(start: 10, end: 12).map { try LogEntry.decode($0) } == Array(entries[10..<12]))
        }
    }

    @Test("an approved link appends device_added, a revocation device_revoked, once", arguments: Backend.allCases)
    func linkAndRevocation(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let key = [UInt8](repeating: 40, count: 32)
            try await store.createDeviceLink(
                DeviceLinkRecord(id: "L1", accountId: "acc-a", username: "alice", deviceId: "a3", name: "tablet",
                                 signatureKey: key, createdAt: 1000, expiresAt: 601_000),
                maxPending: 5, now: 1000)
            #expect(try await store.latestCheckpoint().checkpoint.size == 4)  // a pending link is not a device
            _ = try await store.approveDeviceLink(id: "L1", now: 3000)
            try await store.revokeDevice(id: "a3", at: 4000)
            try await store.revokeDevice(id: "a3", at: 5000)  // already revoked: nothing appended
            let entries = try await allEntries(store)
            #expect(entries.count == 6)
            #expect(entries[4] == LogEntry(event: .deviceAdded, userID: Array("alice".utf8), deviceID: Array("a3".utf8),
                                           signatureKey: key, timestamp: 3000))
            #expect(entries[5] == LogEntry(event: .deviceRevoked, userID: Array("alice".utf8), deviceID: Array("a3".utf8),
                                           signatureKey: key, timestamp: 4000))
            let head = try await verifiedHead(store)
            #expect(head.checkpoint.rootHash == MerkleHash.root(leafHashes: entries.map(\.leafHash)))
            #expect(head.checkpoint.timestamp == 4000)
        }
    }

    @Test("requests outside the log are refused", arguments: Backend.allCases)
    func outOfRange(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            func expectRange(_ body: () async throws -> Void) async {
                do {
                    try await body()
                    Issue.record("expected kt.index_out_of_range")
                } catch let error as TransparencyError {
                    #expect(error.code == .indexOutOfRange)
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            await expectRange { _ = try await store.consistencyProof(from: 2, to: 5) }
            await expectRange { _ = try await store.consistencyProof(from: 3, to: 2) }
            await expectRange { _ = try await store.inclusionProof(index: 4, treeSize: 4) }
            await expectRange { _ = try await store.inclusionProof(index: 0, treeSize: 5) }
            await expectRange { _ = try await store.inclusionProof(index: 0, treeSize: 0) }
            await expectRange { _ = try await store.logEntries(start: 3, end: 5) }
            await expectRange { _ = try await store.logEntries(start: 3, end: 2) }
            #expect(try await store.logEntries(start: 4, end: 4).isEmpty)
        }
    }

    @Test("device inclusions verify against the checkpoint they come with", arguments: Backend.allCases)
    func deviceInclusions(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let identity = try await store.logIdentity()
            var verifier = try LogVerifier(publicKey: identity.publicKey, origin: identity.origin)
            let proofs = try await store.deviceInclusions(deviceIds: ["a2", "c1", "nope", "a2"])
            try verifier.verify(proofs.checkpoint, consistencyProof: [])
            #expect(Set(proofs.byDevice.keys) == ["a2", "c1"])
            for (id, inclusion) in proofs.byDevice {
                let entry = try LogEntry.decode(inclusion.entry)
                #expect(entry.deviceID == Array(id.utf8))
                try verifier.verifyInclusion(entry, index: inclusion.index, proof: inclusion.proof, checkpoint: proofs.checkpoint)
            }
            // A later checkpoint is consistent with the earlier one.
            try await store.addDevice(device("b2", account: "acc-b", user: "bob", key: 5))
            let later = try await store.latestCheckpoint()
            let proof = try await store.consistencyProof(from: proofs.checkpoint.checkpoint.size, to: later.checkpoint.size)
            try verifier.verify(later, consistencyProof: proof)
            #expect(verifier.latest == later)
        }
    }

    @Test("concurrent device additions get dense indices and one consistent tree", arguments: Backend.allCases)
    func concurrentAppends(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await store.createAccount(id: "acc", username: "erin", firstDevice: device("e0", account: "acc", user: "erin", key: 200))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 1...24 {
                    group.addTask { try await store.addDevice(device("e\(i)", account: "acc", user: "erin", key: UInt8(200 + i % 50))) }
                }
                // Key collisions (i % 50) cannot happen below 50; every addition must succeed.
                try await group.waitForAll()
            }
            let head = try await verifiedHead(store)
            #expect(head.checkpoint.size == 25)
            let entries = try await allEntries(store)
            #expect(Set(entries.map(\.deviceID)).count == 25)
            #expect(head.checkpoint.rootHash == MerkleHash.root(leafHashes: entries.map(\.leafHash)))
            let proofs = try await store.deviceInclusions(deviceIds: (0...24).map { "e\($0)" })
            #expect(proofs.byDevice.count == 25)
        }
    }

    @Test("opening the log is idempotent and refuses another origin or key", arguments: Backend.allCases)
    func openChecks(_ backend: Backend) async throws {
        let fileKey = try LogSigner()
        try await withStore(backend, transparency: TransparencyLogSettings(origin: "test.example/kt", signer: fileKey)) { store in
            let identity = try await store.openTransparencyLog(now: 5)
            #expect(identity.publicKey == fileKey.publicKey)
            #expect(identity.origin == Array("test.example/kt".utf8))
            #expect(try await store.openTransparencyLog(now: 6) == identity)
            try await seedAccounts(store)
            let head = try await store.latestCheckpoint()
            try fileKey.publicKey.verify(head, origin: identity.origin)
        }
        // A database-kept key: a configured key that differs is refused, as is another origin.
        try await withStore(backend) { store in
            _ = try await store.openTransparencyLog(now: 5)
            guard var sql = store as? any ConfigurableTransparencyStore else { return }
            sql.setTransparency(TransparencyLogSettings(origin: "other/kt"))
            await #expect(throws: TransparencyConfigurationError.self) { _ = try await sql.openTransparencyLog(now: 6) }
            sql.setTransparency(TransparencyLogSettings(signer: fileKey))
            await #expect(throws: TransparencyConfigurationError.self) { _ = try await sql.openTransparencyLog(now: 6) }
        }
    }

    @Test("an old checkpoint is re-signed for freshness, same tree", arguments: Backend.allCases)
    func refresh(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let head = try await verifiedHead(store)
            let time = Int64(head.checkpoint.timestamp)
            #expect(try await store.refreshCheckpoint(now: time + 10, maxAge: 100) == false)
            #expect(try await store.latestCheckpoint() == head)
            #expect(try await store.refreshCheckpoint(now: time + 100, maxAge: 100))
            let fresh = try await verifiedHead(store)
            #expect(fresh.checkpoint.size == head.checkpoint.size)
            #expect(fresh.checkpoint.rootHash == head.checkpoint.rootHash)
            #expect(fresh.checkpoint.timestamp == UInt64(time + 100))
        }
    }
}

/// Lets the test change the settings of the concrete SQL store behind `any CoveStore`.
protocol ConfigurableTransparencyStore: CoveStore {
    mutating func setTransparency(_ settings: TransparencyLogSettings)
}

extension SQLCoveStore: ConfigurableTransparencyStore {
    mutating func setTransparency(_ settings: TransparencyLogSettings) { transparency = settings }
}
