import CoveServer
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The scale-out backend: several server nodes share one PostgreSQL database. Each transaction
/// runs on a pooled connection (READ COMMITTED; the store's statements are written to be correct
/// under it: compare-and-set updates, `FOR UPDATE SKIP LOCKED` claims). New queue entries are
/// announced with `NOTIFY cove_queue` so every node wakes its connected devices.
public final class CovePostgresDatabase: SQLDatabase, Service {
    public let client: PostgresClient
    private let logger: Logger
    public let dialect = SQLDialect(lockSkipLocked: "FOR UPDATE SKIP LOCKED")
    static let channel = "cove_queue"
    /// Tags this node's NOTIFY payloads (`node;device,device,...`), so its own listener can skip
    /// them: the node's DeliveryHub already handed those entries to its sessions from memory, and
    /// a wake would make every recipient's session re-read its queue for nothing.
    let node = (0..<4).map { _ in String(UInt32.random(in: .min ... .max), radix: 16) }.joined()

    public init(configuration: PostgresClient.Configuration, logger: Logger = Logger(label: "cove.postgres")) {
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Parses `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`;
    /// a `host=/path` query item selects a unix socket directory.
    public convenience init(url: String, logger: Logger = Logger(label: "cove.postgres")) throws {
        self.init(configuration: try Self.configuration(url: url), logger: logger)
    }

    public struct URLError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw URLError(description: "database URL must look like postgres://user:password@host:port/database")
        }
        let user = components.user ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let password = components.password
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        let items = components.queryItems ?? []
        let socketHost = items.first { $0.name == "host" }?.value
        let port = components.port ?? 5432
        var configuration: PostgresClient.Configuration
        if let socketHost, socketHost.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(socketHost)/.s.PGSQL.\(port)", username: user, password: password,
                                  database: database.isEmpty ? nil : database)
        } else {
            let sslmode = items.first { $0.name == "sslmode" }?.value ?? "disable"
            let tls: PostgresClient.Configuration.TLS
            switch sslmode {
            case "require": tls = .require(.makeClientConfiguration())
            case "prefer": tls = .prefer(.makeClientConfiguration())
            default: tls = .disable
            }
            configuration = .init(host: components.host ?? "localhost", port: port, username: user, password: password,
                                  database: database.isEmpty ? nil : database, tls: tls)
        }
        configuration.options.maximumConnections = 20
        return configuration
    }

    /// Runs the connection pool (until cancelled / graceful shutdown).
    public func run() async throws {
        await client.run()
    }

    /// Applies pending numbered migrations (serialised across nodes by an advisory lock).
    public func migrate() async throws {
        let types = SQLSchema.Types(blob: "BYTEA", serialKey: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
        try await transaction { db in
            try await db.query("SELECT pg_advisory_xact_lock(7355608)", [])
            try await db.query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)", [])
            for migration in SQLSchema.all(types) {
                let applied = try await db.query("SELECT 1 FROM schema_migrations WHERE version = $1", [.int(migration.version)])
                guard applied.isEmpty else { continue }
                for statement in migration.statements { try await db.query(statement, []) }
                try await db.query("INSERT INTO schema_migrations (version) VALUES ($1)", [.int(migration.version)])
            }
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(Session(connection: connection, logger: logger))
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 4 && Self.isRetryable(error) {
                continue
            }
        }
    }

    /// Unique violations from concurrent first inserts, serialization failures and deadlocks:
    /// the transaction is rerun and then sees the winner's row.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "23505" || state == "40001" || state == "40P01"
    }

    public func publish(devices: [String]) async {
        // NOTIFY payloads are limited to 8000 bytes: send device ids in chunks.
        var chunk: [String] = []
        var size = 0
        var chunks: [[String]] = []
        for d in devices {
            if size + d.utf8.count + 1 > 7000 { chunks.append(chunk); chunk = []; size = 0 }
            chunk.append(d)
            size += d.utf8.count + 1
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        do {
            for c in chunks {
                try await client.query("SELECT pg_notify(\(Self.channel), \(node + ";" + c.joined(separator: ",")))", logger: logger)
            }
        } catch {
            // The entries are committed; devices still get them on their next fetch or wake.
            logger.warning("NOTIFY failed", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// Listens for queue notifications from the other nodes and passes the device ids on;
    /// reconnects after errors until cancelled. This node's own notifications are skipped (see
    /// ``node``): one database object serves one node, whose hub posts its entries itself.
    public func listen(onWake: @escaping @Sendable ([String]) async -> Void) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await self.client.withConnection { connection in
                        try await connection.listen(on: Self.channel) { notifications in
                            for try await notification in notifications {
                                let parts = notification.payload.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
                                if parts.count == 2, parts[0] == self.node { continue }
                                await onWake((parts.last ?? "").split(separator: ",").map(String.init))
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.warning("LISTEN connection lost; retrying", metadata: ["error": "\(type(of: error))"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    struct Session: SQLSession {
        let connection: PostgresConnection
        let logger: Logger

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            var bindings = PostgresBindings(capacity: binds.count)
            for b in binds {
                switch b {
                case .int(let i): bindings.append(i)
                case .text(let s): bindings.append(s)
                case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
                case .null: bindings.appendNull()
                }
            }
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
            var out: [SQLRow] = []
            for try await row in rows {
                out.append(try row.map(Self.value))
            }
            return out
        }

        static func value(_ cell: PostgresCell) throws -> SQLValue {
            guard cell.bytes != nil else { return .null }
            switch cell.dataType {
            case .int8: return .int(try cell.decode(Int64.self))
            case .int4: return .int(Int64(try cell.decode(Int32.self)))
            case .int2: return .int(Int64(try cell.decode(Int16.self)))
            case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
            case .bytea: return .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
            default: return .text(try cell.decode(String.self))
            }
        }
    }
}
