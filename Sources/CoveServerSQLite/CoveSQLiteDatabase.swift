import CoveServer
import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// The embedded default backend: one SQLite file (WAL, synchronous=FULL) behind one connection.
/// Transactions are serialised by an async lock and run as `BEGIN IMMEDIATE ... COMMIT`, so every
/// store write is on disk before the request that caused it is answered.
public final class CoveSQLiteDatabase: SQLDatabase {
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    public let dialect = SQLDialect(lockSkipLocked: "")

    private init(connection: SQLiteConnection) { self.connection = connection }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public static func open(path: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let db = CoveSQLiteDatabase(connection: connection)
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"] {
            _ = try await connection.query(pragma, [])
        }
        try await db.migrate()
        return db
    }

    /// Opens the database file `cove.sqlite` inside `directory` (created if missing).
    public static func open(directory: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return try await open(path: (directory as NSString).appendingPathComponent("cove.sqlite"), logger: logger)
    }

    public func close() async throws { try await connection.close() }

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

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            let session = Session(connection: connection)
            _ = try await connection.query("BEGIN IMMEDIATE", [])
            do {
                let value = try await body(session)
                _ = try await connection.query("COMMIT", [])
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", [])
                throw error
            }
        }
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
