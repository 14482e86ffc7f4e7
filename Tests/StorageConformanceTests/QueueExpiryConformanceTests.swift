import CoveServer
import CoveServerPostgres
import CoveServerSQLite
import Foundation
import Testing

/// Queue expiry by message time (schema migration 4 dropped the per-entry `queue_created` index):
/// entries of every recipient leave with their message, newer ones stay, and a database created
/// before the migration is migrated and expires the same way.
@Suite("queue expiry by message time")
struct QueueExpiryConformanceTests {
    let group: [UInt8] = Array("expiry-group".utf8)

    /// a1 creates the group and adds a2 and b1; then one message per time in `times`, from a1.
    func fill(_ store: any CoveStore, times: [Int64]) async throws {
        try await seedAccounts(store)
        try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
        _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["a2", "b1"], now: 2000))
        for (i, t) in times.enumerated() {
            _ = try await store.acceptMessage(message(group, from: "a1", id: "m\(i)", epoch: 1, bytes: [UInt8(i)], now: t))
        }
    }

    /// Expires before 3002 with messages at 3000...3003 queued for a2 and b1 (b1 acked m3
    /// already), and checks what is left.
    func expireAndCheck(_ store: any CoveStore, database: some SQLDatabase) async throws {
        let b1 = try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100)
        #expect(b1.map(\.payload) == [[1], [0], [1], [2], [3]])  // the Welcome (at 2000), m0...m3
        #expect(try await store.ack(deviceId: "b1", seqs: [b1[4].seq]) == 1)
        // The Welcome (2000), m0 and m1 for a2 and b1; a1 has none of its own messages queued.
        #expect(try await store.expire(before: 3002) == 6)
        #expect(try await store.pending(deviceId: "a2", afterSeq: 0, limit: 100).map(\.payload) == [[2], [3]])
        #expect(try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100).map(\.payload) == [[2]])
        // The commit (2000, queued for nobody but a1, the sender, so never) and the expired
        // messages are gone; m2 and m3 stay (m3 is still queued for a2).
        let left = try await database.transaction { db in
            try await db.query("SELECT payload FROM messages ORDER BY id", []).map { $0.first?.blob }
        }
        #expect(left == [[2], [3]] as [[UInt8]?])
        // Nothing older is left to expire; nothing newer is expired early.
        #expect(try await store.expire(before: 3002) == 0)
        #expect(try await store.expire(before: 3003) == 2)
        #expect(try await store.pending(deviceId: "a2", afterSeq: 0, limit: 100).map(\.payload) == [[3]])
    }

    @Test("entries of every recipient leave with their message; newer ones stay", arguments: Backend.allCases)
    func expiryByMessageTime(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await fill(store, times: [3000, 3001, 3002, 3003])
            if let sqlite = store as? SQLCoveStore<CoveSQLiteDatabase> {
                #expect(try await indexes(sqlite.database) == ["messages_created"])
                try await expireAndCheck(store, database: sqlite.database)
            } else if let postgres = store as? SQLCoveStore<CovePostgresDatabase> {
                #expect(try await indexes(postgres.database) == ["messages_created"])
                try await expireAndCheck(store, database: postgres.database)
            } else {
                Issue.record("unexpected store type \(type(of: store))")
            }
        }
    }

    @Test("a PostgreSQL database at schema 3 migrates and expires the same way")
    func postgresMigration() async throws {
        try await withStore(.postgres) { store in
            guard let postgres = store as? SQLCoveStore<CovePostgresDatabase> else {
                Issue.record("unexpected store type \(type(of: store))")
                return
            }
            try await fill(store, times: [3000, 3001, 3002, 3003])
            try await revertToSchema3(postgres.database)
            #expect(try await indexes(postgres.database) == ["queue_created"])
            try await postgres.database.migrate()
            #expect(try await indexes(postgres.database) == ["messages_created"])
            try await expireAndCheck(store, database: postgres.database)
        }
    }

    @Test("an SQLite database at schema 3 migrates on open and expires the same way")
    func sqliteMigration() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-expiry-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await CoveSQLiteDatabase.open(directory: dir)
        do {
            try await fill(SQLCoveStore(database: first), times: [3000, 3001, 3002, 3003])
            try await revertToSchema3(first)
            #expect(try await indexes(first) == ["queue_created"])
        } catch {
            try? await first.close()
            throw error
        }
        try await first.close()
        let reopened = try await CoveSQLiteDatabase.open(directory: dir)
        do {
            #expect(try await indexes(reopened) == ["messages_created"])
            try await expireAndCheck(SQLCoveStore(database: reopened), database: reopened)
        } catch {
            try? await reopened.close()
            throw error
        }
        try await reopened.close()
    }

    /// Puts a migrated database back in the shape migration 4 found (its statements undone, its
    /// version unrecorded), with its data kept.
    func revertToSchema3(_ database: some SQLDatabase) async throws {
        try await database.transaction { db in
            try await db.query("DROP INDEX messages_created", [])
            try await db.query("CREATE INDEX queue_created ON queue (created_at)", [])
            try await db.query("DELETE FROM schema_migrations WHERE version = 4", [])
        }
    }

    /// Which of the two expiry indexes exist.
    func indexes(_ database: some SQLDatabase) async throws -> [String] {
        let sql = database is CoveSQLiteDatabase
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('queue_created', 'messages_created') ORDER BY name"
            : "SELECT indexname FROM pg_indexes WHERE indexname IN ('queue_created', 'messages_created') ORDER BY indexname"
        return try await database.transaction { db in try await db.query(sql, []).compactMap { $0.first?.text } }
    }
}
