import CoveServer
import Foundation
import Logging

/// The embedded default backend: one SQLite file (WAL, synchronous=FULL) behind one connection.
/// Transactions run one at a time, each in a savepoint of a group-committed `BEGIN IMMEDIATE ...
/// COMMIT` (``GroupCommitLock``), so every store write is on disk before the request that caused
/// it is answered, and concurrent requests share one fsync. Read-only store calls run on a second,
/// `query_only` connection that sees committed data only (WAL readers do not wait for the writer).
///
/// Statements run on the caller's thread through ``SQLiteHandle`` (no thread hop per statement);
/// only the COMMIT, which waits for the disk, runs on a dedicated thread.
public final class CoveSQLiteDatabase: SQLDatabase {
    private let connection: SQLiteHandle
    private let reader: SQLiteHandle
    private let commits = GroupCommitLock()
    private let readLock = AsyncLock()
    public let dialect = SQLDialect(lockSkipLocked: "")

    private init(connection: SQLiteHandle, reader: SQLiteHandle) {
        self.connection = connection
        self.reader = reader
    }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public static func open(path: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        let connection = try SQLiteHandle(path: path)
        // temp_store = MEMORY: every transaction body runs in a SAVEPOINT (GroupCommitLock), whose
        // statement journal otherwise goes to a temporary file: a write() for every page a body
        // first touches. It only holds pages to undo a failed body; durability is the WAL's job.
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000",
                       "PRAGMA temp_store = MEMORY"] {
            _ = try connection.query(pragma, [])
        }
        let reader: SQLiteHandle
        do {
            reader = try SQLiteHandle(path: path)
            for pragma in ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000"] { _ = try reader.query(pragma, []) }
        } catch {
            connection.close()
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
        try await readLock.withLock { reader.close() }
        // An open batch handed to us must be committed so its members get their answers; a
        // waiter may open another while we wait for the lock again, hence the loop.
        while let batch = await commits.acquire() {
            let outcome: Result<Void, any Error>
            do {
                _ = try connection.query("COMMIT", [])
                outcome = .success(())
            } catch {
                _ = try? connection.query("ROLLBACK", [])
                outcome = .failure(error)
            }
            await commits.finish(batch, outcome)
        }
        connection.close()
        await commits.pass()
    }

    /// On the read-only connection, in a deferred transaction (one snapshot for all its reads).
    public func readTransaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await readLock.withLock {
            _ = try reader.query("BEGIN", [])
            do {
                let value = try await body(Session(connection: reader))
                _ = try reader.query("COMMIT", [])
                return value
            } catch {
                _ = try? reader.query("ROLLBACK", [])
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
                _ = try connection.query("BEGIN IMMEDIATE", [])
            } catch {
                await commits.pass()
                throw error
            }
            batch = await commits.began()
        }
        let result: Result<T, any Error>
        do {
            _ = try connection.query("SAVEPOINT cove_tx", [])
            do {
                let value = try await body(Session(connection: connection))
                _ = try connection.query("RELEASE cove_tx", [])
                result = .success(value)
            } catch {
                do {
                    _ = try connection.query("ROLLBACK TO cove_tx", [])
                    _ = try connection.query("RELEASE cove_tx", [])
                } catch {
                    // SQLite may have rolled back the whole transaction (I/O error, full disk):
                    // the batch is lost, every member fails.
                    throw error
                }
                result = .failure(error)
            }
        } catch {
            _ = try? connection.query("ROLLBACK", [])
            await commits.finish(batch, .failure(error))
            throw error
        }
        if await commits.shouldCommit() {
            let outcome: Result<Void, any Error>
            // The fsync: on the blocking thread, so the cooperative threads keep parsing requests
            // (which join the next batch) while the disk works.
            do {
                try await connection.offThread { c in
                    do {
                        _ = try c.query("COMMIT", [])
                    } catch {
                        _ = try? c.query("ROLLBACK", [])
                        throw error
                    }
                }
                outcome = .success(())
            } catch {
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
        let connection: SQLiteHandle

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try connection.query(sql, binds)
        }
    }
}
