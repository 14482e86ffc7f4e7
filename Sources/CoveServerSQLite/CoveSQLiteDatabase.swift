import CoveServer
import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// The embedded default backend: one SQLite file (WAL, synchronous=FULL) behind one connection.
/// Transactions run one at a time, each in a savepoint of a group-committed `BEGIN IMMEDIATE ...
/// COMMIT` (``GroupCommitLock``), so every store write is on disk before the request that caused
/// it is answered, and concurrent requests share one fsync. Read-only store calls run on a second,
/// `query_only` connection that sees committed data only (WAL readers do not wait for the writer).
public final class CoveSQLiteDatabase: SQLDatabase {
    private let connection: SQLiteConnection
    private let reader: SQLiteConnection
    private let commits = GroupCommitLock()
    private let readLock = AsyncLock()
    public let dialect = SQLDialect(lockSkipLocked: "")

    private init(connection: SQLiteConnection, reader: SQLiteConnection) {
        self.connection = connection
        self.reader = reader
    }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public static func open(path: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"] {
            _ = try await connection.query(pragma, [])
        }
        let reader: SQLiteConnection
        do {
            reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000"] { _ = try await reader.query(pragma, []) }
        } catch {
            try? await connection.close()
            throw error
        }
        let db = CoveSQLiteDatabase(connection: connection, reader: reader)
        try await db.migrate()
        return db
    }

    /// Opens the database file `cove.sqlite` inside `directory` (created if missing).
    public static func open(directory: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return try await open(path: (directory as NSString).appendingPathComponent("cove.sqlite"), logger: logger)
    }

    public func close() async throws {
        try? await reader.close()
        try await connection.close()
    }

    /// On the read-only connection, in a deferred transaction (one snapshot for all its reads).
    public func readTransaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await readLock.withLock {
            _ = try await reader.query("BEGIN", [])
            do {
                let value = try await body(Session(connection: reader))
                _ = try await reader.query("COMMIT", [])
                return value
            } catch {
                _ = try? await reader.query("ROLLBACK", [])
                throw error
            }
        }
    }

    private func migrate() async throws {
        let types = SQLSchema.Types(blob: "BLOB", serialKey: "INTEGER PRIMARY KEY AUTOINCREMENT")
        _ = try await transaction { db in
            try await db.query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)", [])
        }
        for migration in SQLSchema.all(types) {
            try await transaction { db in
                let applied = try await db.query("SELECT 1 FROM schema_migrations WHERE version = $1", [.int(migration.version)])
                guard applied.isEmpty else { return }
                for statement in migration.statements { try await db.query(statement, []) }
                try await db.query("INSERT INTO schema_migrations (version) VALUES ($1)", [.int(migration.version)])
            }
        }
    }

    /// Runs `body` in a SAVEPOINT of the shared, group-committed transaction (see
    /// ``GroupCommitLock``) and returns once the COMMIT covering it is on disk.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        let joined = await commits.acquire()
        let batch: GroupCommitLock.Batch
        if let joined {
            batch = joined
        } else {
            do {
                _ = try await connection.query("BEGIN IMMEDIATE", [])
            } catch {
                await commits.pass()
                throw error
            }
            batch = await commits.began()
        }
        let result: Result<T, any Error>
        do {
            _ = try await connection.query("SAVEPOINT cove_tx", [])
            do {
                let value = try await body(Session(connection: connection))
                _ = try await connection.query("RELEASE cove_tx", [])
                result = .success(value)
            } catch {
                do {
                    _ = try await connection.query("ROLLBACK TO cove_tx", [])
                    _ = try await connection.query("RELEASE cove_tx", [])
                } catch {
                    // SQLite may have rolled back the whole transaction (I/O error, full disk):
                    // the batch is lost, every member fails.
                    throw error
                }
                result = .failure(error)
            }
        } catch {
            _ = try? await connection.query("ROLLBACK", [])
            await commits.finish(batch, .failure(error))
            throw error
        }
        if await commits.shouldCommit() {
            let outcome: Result<Void, any Error>
            do {
                _ = try await connection.query("COMMIT", [])
                outcome = .success(())
            } catch {
                _ = try? await connection.query("ROLLBACK", [])
                outcome = .failure(error)
            }
            await commits.finish(batch, outcome)
            try outcome.get()
        } else if case .success = result {
            try await commits.passAndAwaitCommit(batch)
        } else {
            await commits.pass()
        }
        return try result.get()
    }

    struct Session: SQLSession {
        let connection: SQLiteConnection

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            let rows = try await connection.query(Self.translate(sql), binds.map(Self.sqlite))
            return rows.map { row in row.columns.map { Self.value($0.data) } }
        }

        /// `$N` placeholders become SQLite's numbered `?N`.
        static func translate(_ sql: String) -> String {
            var out = ""
            out.reserveCapacity(sql.utf8.count)
            var chars = sql.makeIterator()
            var pending: Character? = nil
            while let c = pending ?? chars.next() {
                pending = nil
                if c == "$" {
                    var digits = ""
                    while let d = chars.next() {
                        if d.isASCII, d.isNumber { digits.append(d) } else { pending = d; break }
                    }
                    out += digits.isEmpty ? "$" : "?" + digits
                } else {
                    out.append(c)
                }
            }
            return out
        }

        static func sqlite(_ v: SQLValue) -> SQLiteData {
            switch v {
            case .int(let i): .integer(SQLiteInt64(i))
            case .text(let s): .text(s)
            case .blob(let b): .blob(ByteBuffer(bytes: b))
            case .null: .null
            }
        }

        static func value(_ d: SQLiteData) -> SQLValue {
            switch d {
            case .integer(let i): .int(Int64(i))
            case .float(let f): .int(Int64(f))
            case .text(let s): .text(s)
            case .blob(let b): .blob(Array(buffer: b))
            case .null: .null
            }
        }
    }
}
