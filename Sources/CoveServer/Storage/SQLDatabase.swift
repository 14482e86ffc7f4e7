/// The few things the SQL store needs from a backend: transactions of parameterised statements.
///
/// Statements use `$1`, `$2`... placeholders (backends translate if needed). Every write of the
/// store happens inside `transaction`, which commits before returning: when it returns, the data is
/// durable on the backend's terms (SQLite WAL with synchronous=FULL, PostgreSQL commit).
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// `body` is escaping so a backend may run it on a task of its own (SQLite's group commit
    /// does); it still runs exactly once, before this returns.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// Runs `body`, which only reads, on a consistent snapshot of committed data. A backend may
    /// run it beside write transactions (SQLite: a second, read-only connection, so reads never
    /// wait for a writer's fsync). Default: ``transaction(_:)``.
    func readTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// Called after a transaction that queued messages for `devices` committed, so other nodes
    /// sharing the database can wake their connected devices. Default: nothing (single node).
    func publish(devices: [String]) async
}

extension SQLDatabase {
    public func publish(devices: [String]) async {}

    public func readTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await transaction(body)
    }
}

/// A connection inside a transaction.
public protocol SQLSession: Sendable {
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension SQLSession {
    @discardableResult
    func query(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] {
        try await query(sql, binds)
    }
}

/// Where the SQL dialects differ in the store's statements.
public struct SQLDialect: Sendable {
    /// Appended to a sub-select that picks a row to delete so that concurrent claimers skip rows
    /// another transaction holds (`FOR UPDATE SKIP LOCKED` on PostgreSQL, empty on SQLite where
    /// writers are serialised).
    public var lockSkipLocked: String

    public init(lockSkipLocked: String) { self.lockSkipLocked = lockSkipLocked }
}
