@_spi(Testing) import CoveClient
import CoveClientSQLite
import CoveTestSupport
import Foundation
import Testing

/// A fresh home directory for one client device, removed at deinit.
final class ClientHome: @unchecked Sendable {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cove-client-\(UUID().uuidString)").path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Texts of message events, in order.
func texts(_ events: [ClientEvent]) -> [String] {
    events.compactMap { if case .message(let m) = $0 { m.text } else { nil } }
}

func messages(_ events: [ClientEvent]) -> [ReceivedMessage] {
    events.compactMap { if case .message(let m) = $0 { m } else { nil } }
}

func memberships(_ events: [ClientEvent]) -> [MembershipChange] {
    events.compactMap { if case .membership(let m) = $0 { m } else { nil } }
}

/// A server on `backend`, with the PostgreSQL database URL when there is one (for pg_dump).
func startClientServer(_ backend: Backend) async throws -> (server: ServerProcess, database: String?)? {
    switch backend {
    case .sqlite:
        return (try await ServerProcess(), nil)
    case .postgres:
        do {
            let url = try await PostgresTestCluster.shared.createDatabase()
            return (try await ServerProcess(database: url), url)
        } catch let error as PostgresTestCluster.Unavailable {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return nil
        }
    }
}

/// Every stored byte of the server: its data directory's files (SQLite database, WAL, blobs), or a
/// pg_dump of its PostgreSQL database.
func serverBytes(_ server: ServerProcess, database: String?) async throws -> [(String, Data)] {
    var result: [(String, Data)] = []
    if let dir = server.dataDirectory {
        if let e = FileManager.default.enumerator(atPath: dir) {
            while let f = e.nextObject() as? String {
                if let data = FileManager.default.contents(atPath: dir + "/" + f) { result.append((f, data)) }
            }
        }
    } else if let database {
        result.append(("pg_dump", try await PostgresTestCluster.shared.dump(url: database)))
    }
    return result
}

/// Syncs `client` until `done` holds for the events gathered (the server may still be fanning out).
func syncUntil(_ client: CoveClient, attempts: Int = 100, _ done: ([ClientEvent]) -> Bool) async throws -> [ClientEvent] {
    var all: [ClientEvent] = []
    for _ in 0..<attempts {
        all += try await client.sync()
        if done(all) { return all }
        try await Task.sleep(for: .milliseconds(50))
    }
    return all
}
