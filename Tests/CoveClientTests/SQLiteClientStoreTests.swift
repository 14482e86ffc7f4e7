import CoveClient
import CoveClientSQLite
import Foundation
import Testing

@Suite("SQLiteClientStore")
struct SQLiteClientStoreTests {
    func withStore(_ body: (SQLiteClientStore, String) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cove.sqlite"
        let store = try await SQLiteClientStore.open(path: path)
        try await body(store, path)
        try await store.close()
    }

    func group(_ id: UInt8, epoch: UInt64 = 0) -> GroupRecord {
        GroupRecord(groupId: [id], name: "g\(id)", kind: "group", sealedState: [1, 2, 3], epoch: epoch, active: true,
                    members: ["alice/d1"], updatedAt: Int64(id))
    }

    @Test("a batch applies whole, and the file is private")
    func batch() async throws {
        try await withStore { store, path in
            try await store.apply(StoreBatch([
                .setSetting(key: "k", value: [9]), .putGroup(group(1)), .markProcessed(messageId: 42),
                .addMessage(MessageRecord(id: "d1:m1", groupId: [1], sender: "alice", senderDevice: "d1", text: "hi", sentAt: 5)),
                .putOutbox(OutboxRecord(id: "o1", groupId: [1], kind: "message", request: [7], createdAt: 1)),
                .putKeyPackage(KeyPackageRecord(reference: [4], sealedBundle: [5], lastResort: false, createdAt: 1)),
            ]))
            #expect(try await store.setting("k") == [9])
            #expect(try await store.group(id: [1]) == group(1))
            let processed = try await store.isProcessed(messageId: 42)
            let other = try await store.isProcessed(messageId: 43)
            #expect(processed && !other)
            #expect(try await store.messages(groupId: [1], limit: 10).map(\.text) == ["hi"])
            #expect(try await store.outbox().map(\.id) == ["o1"])
            #expect(try await store.keyPackages().map(\.reference) == [[4]])
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test("a duplicate message id is ignored; history keeps order and limit")
    func dedup() async throws {
        try await withStore { store, _ in
            for i in 0..<5 {
                try await store.apply(StoreBatch([.addMessage(MessageRecord(id: "d:\(i)", groupId: [1], sender: "a", senderDevice: "d",
                                                                             text: "t\(i)", sentAt: Int64(i)))]))
            }
            try await store.apply(StoreBatch([.addMessage(MessageRecord(id: "d:2", groupId: [1], sender: "a", senderDevice: "d",
                                                                         text: "again", sentAt: 9))]))
            #expect(try await store.messages(groupId: [1], limit: 3).map(\.text) == ["t2", "t3", "t4"])
            #expect(try await store.messages(groupId: [2], limit: 3).isEmpty)
        }
    }

    @Test("pending commit state round-trips and clears")
    func pending() async throws {
        try await withStore { store, _ in
            var g = group(3)
            g.sealedPendingState = [8, 8]
            g.pendingCommitId = "c1"
            try await store.apply(StoreBatch([.putGroup(g)]))
            #expect(try await store.group(id: [3])?.pendingCommitId == "c1")
            g.sealedPendingState = nil
            g.pendingCommitId = nil
            try await store.apply(StoreBatch([.putGroup(g), .deleteKeyPackage(reference: [1])]))
            let back = try await store.group(id: [3])
            #expect(back?.sealedPendingState == nil && back?.pendingCommitId == nil)
        }
    }
}
