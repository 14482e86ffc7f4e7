import CoveServer
import CoveServerPostgres
import CoveServerSQLite
import CoveTestSupport
import Foundation
import Logging
import Testing

/// The backends every conformance test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// Runs `body` with a fresh, empty store on `backend`. Without PostgreSQL the Postgres variant is
/// skipped locally and fails in CI (`CI=true`).
func withStore(_ backend: Backend, transparency: TransparencyLogSettings = .init(),
               _ body: (any CoveStore) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-conformance-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try await CoveSQLiteDatabase.open(directory: dir)
        do {
            var store = SQLCoveStore(database: db)
            store.transparency = transparency
            store.blobFiles = try BlobFileStore(directory: dir + "/blobs")  // as cove-server does
            try await body(store)
        } catch {
            try? await db.close()
            throw error
        }
        try await db.close()
    case .postgres:
        let url: String
        do {
            url = try await PostgresTestCluster.shared.createDatabase()
        } catch {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return
        }
        var logger = Logger(label: "test.postgres")
        logger.logLevel = .error
        let db = try CovePostgresDatabase(url: url, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await db.run() }
            do {
                try await db.migrate()
                var store = SQLCoveStore(database: db)
                store.transparency = transparency
                try await body(store)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}

func device(_ id: String, account: String, user: String, key: UInt8) -> DeviceRecord {
    DeviceRecord(id: id, accountId: account, username: user, name: "dev-\(id)", signatureKey: [UInt8](repeating: key, count: 32), createdAt: 1000)
}

/// Registers accounts `a` (devices a1, a2), `b` (b1), `c` (c1).
func seedAccounts(_ store: any CoveStore) async throws {
    try await store.createAccount(id: "acc-a", username: "alice", firstDevice: device("a1", account: "acc-a", user: "alice", key: 1))
    try await store.addDevice(device("a2", account: "acc-a", user: "alice", key: 2))
    try await store.createAccount(id: "acc-b", username: "bob", firstDevice: device("b1", account: "acc-b", user: "bob", key: 3))
    try await store.createAccount(id: "acc-c", username: "carol", firstDevice: device("c1", account: "acc-c", user: "carol", key: 4))
}

func commit(_ group: [UInt8], from sender: String, id: String, epoch: UInt64, bytes: [UInt8] = [1, 2, 3],
            welcome: [UInt8]? = nil, added: [String] = [], removed: [String] = [], now: Int64 = 2000) -> CommitSubmission {
    CommitSubmission(groupId: group, senderDevice: sender, clientMessageId: id, epoch: epoch, commit: bytes,
                     welcome: welcome, added: added, removed: removed, now: now)
}

func message(_ group: [UInt8], from sender: String, id: String, epoch: UInt64 = 0, bytes: [UInt8] = [9, 9], now: Int64 = 3000) -> MessageSubmission {
    MessageSubmission(groupId: group, senderDevice: sender, clientMessageId: id, kind: "application", epoch: epoch, payload: bytes, now: now)
}
