import CCoveSQLite
import CoveServer
import Dispatch
import VaporCSQLite

/// An error reported by libsqlite3: its extended result code and message (SQLite's messages name
/// statements and constraints, never bound values).
public struct SQLiteCallError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
}

/// One `sqlite3` connection driven directly through the C API, its prepared statements cached.
///
/// Why not SQLiteNIO's `SQLiteConnection.query`: it runs every statement on a thread pool and
/// resumes the caller through an event loop, two or three thread wake-ups per statement. With
/// 30-odd statements per delivered message that was most of the server's CPU time at load
/// (docs/PERFORMANCE.md "Delivery service"). Here a statement runs on the calling thread and
/// costs microseconds; only the fsync of a COMMIT, which takes milliseconds, goes to a dedicated
/// thread (``offThread(_:)``) so it does not hold a cooperative thread.
///
/// Not thread-safe by itself: the owner serialises access (the group-commit lock for the writer,
/// a lock for the reader), so the handle is never used by two threads at once. The connection is
/// opened FULLMUTEX anyway, as SQLiteNIO does.
final class SQLiteHandle: @unchecked Sendable {
    // Guarded by the owner's lock (see above).
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Statement texts vary only with batch sizes (fan-out, acks), so a few hundred cover them;
    /// beyond that the cache starts over rather than growing without bound.
    static let cacheLimit = 512
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private static let blocking = DispatchQueue(label: "cove.sqlite.blocking")

    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open database"
            sqlite_nio_sqlite3_close(handle)
            throw SQLiteCallError(code: rc, message: message)
        }
        db = handle
        sqlite_nio_sqlite3_busy_timeout(handle, 5000)
        // Stable plans: otherwise every cached statement whose plan looked at a bound value is
        // re-prepared each time it is re-bound (see CCoveSQLite.c); that was 5 % of the server's CPU.
        let qpsg = cove_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
        guard qpsg == SQLITE_OK else {
            sqlite_nio_sqlite3_close(handle)
            db = nil
            throw SQLiteCallError(code: qpsg, message: "cannot configure the connection")
        }
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        if let db { sqlite_nio_sqlite3_close_v2(db) }
        db = nil
    }

    /// Runs `body` on a dedicated thread and resumes the caller when it returns: for calls that
    /// block on the disk (COMMIT with synchronous=FULL).
    func offThread<T: Sendable>(_ body: @escaping @Sendable (SQLiteHandle) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.blocking.async { continuation.resume(with: Result { try body(self) }) }
        }
    }

    /// Runs one statement (`$N` placeholders) with `binds` and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        guard let db else { throw SQLiteCallError(code: SQLITE_MISUSE, message: "connection closed") }
        let statement = try prepared(sql, db)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let rc = Self.bind(value, to: statement, at: Int32(offset + 1))
            guard rc == SQLITE_OK else { throw error(rc, db) }
        }
        let columns = sqlite_nio_sqlite3_column_count(statement)
        var rows: [SQLRow] = []
        while true {
            let rc = sqlite_nio_sqlite3_step(statement)
            if rc == SQLITE_DONE { return rows }
            guard rc == SQLITE_ROW else { throw error(rc, db) }
            var row: SQLRow = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns { row.append(Self.value(statement, column)) }
            rows.append(row)
        }
    }

    private func prepared(_ sql: String, _ db: OpaquePointer) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        if statements.count >= Self.cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
        }
        var statement: OpaquePointer?
        let rc = sqlite_nio_sqlite3_prepare_v3(db, Self.translate(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc, db) }
        statements[sql] = statement
        return statement
    }

    private func error(_ rc: Int32, _ db: OpaquePointer) -> SQLiteCallError {
        SQLiteCallError(code: rc, message: sqlite_nio_sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error")
    }

    private static func bind(_ value: SQLValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch value {
        case .int(let i):
            return sqlite_nio_sqlite3_bind_int64(statement, index, i)
        case .text(let s):
            return sqlite_nio_sqlite3_bind_text64(statement, index, s, UInt64(s.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let b):
            // An empty array may have no address, which would bind NULL: bind an empty blob instead.
            if b.isEmpty { return sqlite_nio_sqlite3_bind_zeroblob(statement, index, 0) }
            return b.withUnsafeBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient) }
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .int(sqlite_nio_sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT:
            return .int(Int64(sqlite_nio_sqlite3_column_double(statement, column)))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite_nio_sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
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
}
