import CoveServer
import CoveServerSQLite
import Foundation
import Testing

/// The SQLite backend's group commit: transactions that run while others wait share one COMMIT,
/// yet each stays atomic on its own and nothing is answered before it is durable.
@Suite("SQLite group commit")
struct SQLiteGroupCommitTests {
    struct Planned: Error {}

    private func withDatabase(_ body: (CoveSQLiteDatabase, String) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-groupcommit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try await CoveSQLiteDatabase.open(directory: dir)
        try await db.transaction { s in try await s.query("CREATE TABLE t (k BIGINT PRIMARY KEY, v BIGINT NOT NULL)", []) }
        try await body(db, dir)
    }

    @Test("concurrent transactions: each failing one leaves nothing, every other one is durable after reopen")
    func atomicPerTransaction() async throws {
        try await withDatabase { db, dir in
            let outcomes = try await withThrowingTaskGroup(of: (Int64, Bool).self) { tasks in
                for k in Int64(0)..<200 {
                    tasks.addTask {
                        do {
                            try await db.transaction { s in
                                try await s.query("INSERT INTO t (k, v) VALUES ($1, 1)", [.int(k)])
                                try await s.query("UPDATE t SET v = v + 1 WHERE k = $1", [.int(k)])
                                if k % 7 == 3 { throw Planned() }
                            }
                            return (k, true)
                        } catch is Planned {
                            return (k, false)
                        }
                    }
                }
                var all: [Int64: Bool] = [:]
                while let (k, ok) = try await tasks.next() { all[k] = ok }
                return all
            }
            try await db.close()
            let reopened = try await CoveSQLiteDatabase.open(directory: dir)
            let rows = try await reopened.transaction { s in try await s.query("SELECT k, v FROM t ORDER BY k", []) }
            try await reopened.close()
            let stored = Dictionary(uniqueKeysWithValues: rows.map { ($0[0].int ?? -1, $0[1].int ?? -1) })
            #expect(outcomes.count == 200)
            #expect(Set(stored.keys) == Set(outcomes.filter(\.value).keys))
            #expect(stored.values.allSatisfy { $0 == 2 })
            #expect(stored.keys.allSatisfy { $0 % 7 != 3 })
        }
    }

    @Test("a constraint violation inside one transaction fails only that one")
    func constraintFailureIsolated() async throws {
        try await withDatabase { db, _ in
            try await withThrowingTaskGroup(of: Bool.self) { tasks in
                // Every key is inserted twice: exactly one of each pair succeeds.
                for k in Int64(0)..<50 {
                    for _ in 0..<2 {
                        tasks.addTask {
                            (try? await db.transaction { s in try await s.query("INSERT INTO t (k, v) VALUES ($1, 0)", [.int(k)]) }) != nil
                        }
                    }
                }
                var succeeded = 0
                while let ok = try await tasks.next() { if ok { succeeded += 1 } }
                #expect(succeeded == 50)
            }
            let count = try await db.transaction { s in try await s.query("SELECT COUNT(*) FROM t", []) }
            #expect(count.first?.first?.int == 50)
            try await db.close()
        }
    }
}
