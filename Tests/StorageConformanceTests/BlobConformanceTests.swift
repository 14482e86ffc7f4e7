import CoveServer
import CoveServerSQLite
import Foundation
import Testing

/// Blob storage on every backend: SQLite with bytes in files under the data directory,
/// PostgreSQL with chunk rows.
@Suite("Blob storage conformance")
struct BlobConformanceTests {
    let group: [UInt8] = Array("blob-group".utf8)

    /// The blob directory when the store keeps bytes in files (SQLite).
    func files(_ store: any CoveStore) -> BlobFileStore? {
        (store as? SQLCoveStore<CoveSQLiteDatabase>)?.blobFiles
    }

    func upload(_ store: any CoveStore, _ id: String, _ bytes: [UInt8], account: String = "acc-a", chunk: Int = 7, now: Int64 = 10) async throws {
        try await store.createBlob(id: id, accountId: account, size: Int64(bytes.count), quota: 1 << 30, now: now)
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunk, bytes.count)
            _ = try await store.appendChunk(id: id, accountId: account, offset: Int64(offset), bytes: Array(bytes[offset..<end]), now: now)
            offset = end
        }
    }

    @Test("quota is reserved atomically: concurrent creations never exceed it together", arguments: Backend.allCases)
    func quota(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let wins = await withTaskGroup(of: Bool.self) { tasks in
                for i in 0..<10 {
                    tasks.addTask { (try? await store.createBlob(id: "q\(i)", accountId: "acc-a", size: 10, quota: 55, now: 1)) != nil }
                }
                var n = 0
                for await ok in tasks where ok { n += 1 }
                return n
            }
            #expect(wins == 5)
            // Another account has its own quota.
            try await store.createBlob(id: "other", accountId: "acc-b", size: 55, quota: 55, now: 1)
        }
    }

    @Test("uploads resume from received; ranges stream across chunk boundaries in bounded pieces", arguments: Backend.allCases)
    func ranges(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            let content = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try await store.createBlob(id: "big1", accountId: "acc-a", size: Int64(content.count), quota: 1 << 30, now: 1)
            // Chunks of 70,000 bytes: pieces are bounded by a chunk (rows) or 64 KiB (files).
            _ = try await store.appendChunk(id: "big1", accountId: "acc-a", offset: 0, bytes: Array(content[0..<70_000]), now: 2)
            #expect(try await store.blob(id: "big1")?.received == 70_000)
            await #expect(throws: StoreError.blobState("expected offset 70000")) {
                try await store.appendChunk(id: "big1", accountId: "acc-a", offset: 0, bytes: [1], now: 3)
            }
            _ = try await store.appendChunk(id: "big1", accountId: "acc-a", offset: 70_000, bytes: Array(content[70_000..<140_000]), now: 3)
            let done = try await store.appendChunk(id: "big1", accountId: "acc-a", offset: 140_000, bytes: Array(content[140_000...]), now: 4)
            #expect(done.complete)
            await #expect(throws: StoreError.blobTooLarge) {
                try await store.appendChunk(id: "big1", accountId: "acc-a", offset: 200_000, bytes: [1], now: 5)
            }
            var pieces: [Int] = []
            var out: [UInt8] = []
            try await store.readBlob(id: "big1", offset: 69_990, length: 130_000) { piece in
                pieces.append(piece.count)
                out += piece
            }
            #expect(out == Array(content[69_990..<199_990]))
            #expect(pieces.allSatisfy { $0 <= 70_000 } && pieces.count >= 2)
            #expect(try await store.readBlob(id: "big1", offset: 0, length: 200_000) == content)
            #expect(try await store.readBlob(id: "big1", offset: 199_999, length: 1) == [content[199_999]])
            if let files = files(store) {
                // SQLite: the bytes are in DATA/blobs/xx/ID, not in the database.
                let path = files.directory + "/bi/big1"
                #expect(FileManager.default.contents(atPath: path).map(Array.init) == content)
            }
        }
    }

    @Test("garbage collection: unreferenced past the grace period, idle uploads; queued messages and pins keep blobs", arguments: Backend.allCases)
    func collection(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1)
            _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["b1"]))
            try await upload(store, "loose", [1, 2, 3])
            try await upload(store, "attached", [4, 5, 6])
            try await upload(store, "pinned", [7, 8, 9])
            try await store.createBlob(id: "partial", accountId: "acc-a", size: 10, quota: 1 << 30, now: 10)
            _ = try await store.appendChunk(id: "partial", accountId: "acc-a", offset: 0, bytes: [1], now: 10)
            var attach = message(group, from: "a1", id: "with-file", epoch: 1)
            attach.blobIds = ["attached"]
            _ = try await store.acceptMessage(attach)
            // Referencing an unknown blob refuses the whole message.
            var bad = message(group, from: "a1", id: "bad-ref", epoch: 1)
            bad.blobIds = ["nope"]
            await #expect(throws: StoreError.unknownBlob) { try await store.acceptMessage(bad) }
            #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10).count == 2)  // welcome + with-file
            try await store.pinBlob(id: "pinned", group: group, device: "b1", now: 10)
            await #expect(throws: StoreError.notMember) { try await store.pinBlob(id: "pinned", group: self.group, device: "c1", now: 10) }
            await #expect(throws: StoreError.unknownBlob) { try await store.pinBlob(id: "nope", group: self.group, device: "a1", now: 10) }

            // Pass 1 (t=100): "partial" idled 90 > 50 and goes; "loose" is marked (its grace starts now).
            var report = try await store.collectBlobGarbage(now: 100, grace: 50)
            #expect(report == BlobGarbageReport(deleted: 1, marked: 1))
            #expect(try await store.blob(id: "partial") == nil)
            #expect(try await store.blob(id: "loose") != nil)
            #expect(try await store.collectBlobGarbage(now: 149, grace: 50).deleted == 0)
            // Pass 3 (t=151): "loose" goes; the attached and pinned stay.
            report = try await store.collectBlobGarbage(now: 151, grace: 50)
            #expect(report.deleted == 1)
            #expect(try await store.blob(id: "loose") == nil)
            #expect(try await store.blob(id: "attached") != nil)
            #expect(try await store.blob(id: "pinned") != nil)
            // Once every recipient acked the message, "attached" is unreferenced: marked, then deleted.
            let queued = try await store.pending(deviceId: "b1", afterSeq: 0, limit: 10)
            #expect(try await store.ack(deviceId: "b1", seqs: queued.map(\.seq)) == 2)
            #expect(try await store.collectBlobGarbage(now: 200, grace: 50).marked == 1)
            #expect(try await store.blob(id: "attached") != nil)
            // A reference within the grace period (here a pin) saves it.
            try await store.pinBlob(id: "attached", group: group, device: "a1", now: 210)
            #expect(try await store.collectBlobGarbage(now: 300, grace: 50).deleted == 0)
            #expect(try await store.unpinBlob(id: "attached", group: group, device: "a1"))
            #expect(try await store.unpinBlob(id: "pinned", group: group, device: "b1"))
            #expect(try await store.unpinBlob(id: "pinned", group: group, device: "b1") == false)
            #expect(try await store.collectBlobGarbage(now: 400, grace: 50).marked == 2)
            #expect(try await store.collectBlobGarbage(now: 451, grace: 50).deleted == 2)
            #expect(try await store.blob(id: "attached") == nil)
            #expect(try await store.blob(id: "pinned") == nil)
            // Deleted blobs gave their quota back: 3 x 3 + 10 bytes were reserved, quota 19 fits again.
            try await store.createBlob(id: "after", accountId: "acc-a", size: 19, quota: 19, now: 500)
            if let files = files(store) {
                #expect(files.allFiles().map(\.id) == [], "no files left for collected blobs")
            }
        }
    }
}
