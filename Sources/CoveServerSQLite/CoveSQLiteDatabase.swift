import CoveServer
import Foundation
import Logging

/// The embedded default backend: one SQLite file (WAL, synchronous=FULL) behind one connection.
/// Transactions run one at a time, each in a savepoint of a group-committed `BEGIN IMMEDIATE ...
/// COMMIT` (``GroupCommitQueue``), so every store write is on disk before the request that caused
/// it is answered, and concurrent requests share one fsync. Read-only store calls run on a second,
/// `query_only` connection that sees committed data only (WAL readers do not wait for the writer).
///
/// Statements run on the calling task's thread through ``SQLiteHandle`` (no thread hop per statement);
/// only the COMMIT, which waits for the disk, runs on a dedicated thread.
public final class CoveSQLiteDatabase: SQLDatabase {
    private let connection: SQLiteHandle
    private let reader: SQLiteHandle
    private let commits = GroupCommitQueue()
    private let readLock = AsyncLock()
    public let dialect = SQLDialect(lockSkipLocked: "")

    private init(connection: SQLiteHandle, reader: SQLiteHandle) {
        self.connection = connection
        self.reader = reader
    }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public static func open(path: String, logger: Logger = Logger(label: "cove.sqlite")) async throws -> CoveSQLiteDatabase {
        let connection = try SQLiteHandle(path: path)
        // temp_store = MEMORY: every transaction body runs in a SAVEPOINT (GroupCommitQueue), whose
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
        // Every transaction already queued is run and answered first.
        await commits.close()
        connection.close()
    }

    /// On the read-only connection, in a deferred transaction (one snapshot for all its reads).
    public func readTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T {
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
    /// ``GroupCommitQueue``) and returns once the COMMIT covering it is on disk.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        let connection = self.connection
        return try await withCheckedThrowingContinuation { continuation in
            let job = GroupCommitQueue.Job(
                run: {
                    do {
                        _ = try connection.query("SAVEPOINT cove_tx", [])
                    } catch {
                        outcome.set(.failure(error))
                        return error
                    }
                    let value: T
                    do {
                        value = try await body(Session(connection: connection))
                    } catch {
                        outcome.set(.failure(error))
                        do {
                            _ = try connection.query("ROLLBACK TO cove_tx", [])
                            _ = try connection.query("RELEASE cove_tx", [])
                        } catch {
                            // SQLite may have rolled back the whole transaction (I/O error, full
                            // disk): the batch so far is lost, every member of it fails.
                            return error
                        }
                        return nil
                    }
                    do {
                        _ = try connection.query("RELEASE cove_tx", [])
                    } catch {
                        outcome.set(.failure(error))
                        return error
                    }
                    outcome.set(.success(value))
                    return nil
                },
                answer: { batchError in
                    switch outcome.get() {
                    case .success(let value)?:
                        if let batchError { continuation.resume(throwing: batchError) } else { continuation.resume(returning: value) }
                    case .failure(let error)?:
                        continuation.resume(throwing: error)
                    case nil:
                        continuation.resume(throwing: batchError ?? SQLiteCallError(code: 1, message: "transaction not run"))
                    }
                })
            do {
                if try commits.enqueue(job) { Task { await self.drain() } }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// Runs queued transactions, a batch per COMMIT, until the queue is empty.
    private func drain() async {
        while true {
            let batch = commits.nextBatch()
            if batch.isEmpty { return }
            await run(batch[...])
        }
    }

    private func run(_ batch: ArraySlice<GroupCommitQueue.Job>) async {
        do {
            _ = try connection.query("BEGIN IMMEDIATE", [])
        } catch {
            batch.forEach { $0.answer(error) }
            return
        }
        var index = batch.startIndex
        while index < batch.endIndex {
            let lost = await batch[index].run()
            index += 1
            if let lost {
                _ = try? connection.query("ROLLBACK", [])
                batch[..<index].forEach { $0.answer(lost) }
                // The rest were not run yet: they go in a transaction of their own.
                if index < batch.endIndex { await run(batch[index...]) }
                return
            }
        }
        // The fsync: on the blocking thread, so the cooperative threads keep parsing requests
        // (which queue for the next batch) while the disk works.
        let committed: (any Error)?
        do {
            try await connection.offThread { c in
                do {
                    _ = try c.query("COMMIT", [])
                } catch {
                    _ = try? c.query("ROLLBACK", [])
                    throw error
                }
            }
            committed = nil
        } catch {
            committed = error
        }
        batch.forEach { $0.answer(committed) }
    }

    /// One transaction's result, set by the drain and read when it is answered.
    final class Outcome<T: Sendable>: @unchecked Sendable {
        // Guarded by `lock` (set on the drain, read in the answer; never at the same time).
        private let lock = NSLock()
        private var result: Result<T, any Error>?
        func set(_ r: Result<T, any Error>) { lock.withLock { result = r } }
        func get() -> Result<T, any Error>? { lock.withLock { result } }
    }

    struct Session: SQLSession {
        let connection: SQLiteHandle

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try connection.query(sql, binds)
        }
    }
}
