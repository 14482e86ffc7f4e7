import CoveClient
import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// The SDK's store on one SQLite file (WAL, `synchronous = FULL`): every ``StoreBatch`` is one
/// `BEGIN IMMEDIATE ... COMMIT` transaction, on disk before `apply` returns. The file is created
/// with mode 0600. Secret columns hold only bytes the SDK sealed (see ``ClientStore``).
public actor SQLiteClientStore: ClientStore {
    private let connection: SQLiteConnection
    private var closed = false

    private init(connection: SQLiteConnection) { self.connection = connection }

    deinit {
        // A store dropped without close() (e.g. a client abandoned after an error): close the
        // connection in the background; the task keeps it alive until then.
        if !closed {
            let connection = self.connection
            Task { try? await connection.close() }
        }
    }

    /// Opens (creating if needed) the store at `path`.
    public static func open(path: String) async throws -> SQLiteClientStore {
        var logger = Logger(label: "cove.client.sqlite")
        logger.logLevel = .warning
        if !FileManager.default.fileExists(atPath: path) {
            // Create it private before SQLite writes anything into it.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CoveClientError(.storeUnavailable, "cannot create the local store", hint: "check that the home directory is writable")
            }
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let store = SQLiteClientStore(connection: connection)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA busy_timeout = 5000"] {
                _ = try await connection.query(pragma, [])
            }
            try await store.migrate()
        } catch {
            // A store that failed to open is closed here, not left to deinit.
            try? await store.close()
            throw error
        }
        return store
    }

    private static let schema = [
        "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS groups (group_id BLOB PRIMARY KEY, name TEXT, kind TEXT NOT NULL, state BLOB NOT NULL,
            pending_state BLOB, pending_commit_id TEXT, epoch INTEGER NOT NULL, active INTEGER NOT NULL,
            members TEXT NOT NULL, updated_at INTEGER NOT NULL)
        """,
        "CREATE TABLE IF NOT EXISTS key_packages (ref BLOB PRIMARY KEY, bundle BLOB NOT NULL, last_resort INTEGER NOT NULL, created_at INTEGER NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS messages (position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, group_id BLOB NOT NULL,
            sender TEXT NOT NULL, sender_device TEXT NOT NULL, text TEXT NOT NULL, sent_at INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS messages_group ON messages (group_id, position)",
        "CREATE TABLE IF NOT EXISTS processed (message_id INTEGER PRIMARY KEY)",
        """
        CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, group_id BLOB NOT NULL,
            kind TEXT NOT NULL, request BLOB NOT NULL, created_at INTEGER NOT NULL)
        """,
        "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, event BLOB NOT NULL)",
        // Files (issue 5): resumable transfers and the files of conversations; key material sealed.
        "CREATE TABLE IF NOT EXISTS transfers (id TEXT PRIMARY KEY, kind TEXT NOT NULL, state BLOB NOT NULL, updated_at INTEGER NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, client_id TEXT NOT NULL, group_id BLOB NOT NULL, sender TEXT NOT NULL,
            sender_device TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, reference BLOB NOT NULL, sent_at INTEGER NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS files_client_id ON files (client_id)",
    ]

    private func migrate() async throws {
        try await transaction {
            for statement in Self.schema { _ = try await connection.query(statement, []) }
        }
    }

    private func transaction(_ body: () async throws -> Void) async throws {
        _ = try await connection.query("BEGIN IMMEDIATE", [])
        do {
            try await body()
            _ = try await connection.query("COMMIT", [])
        } catch {
            _ = try? await connection.query("ROLLBACK", [])
            throw error
        }
    }

    private static func blob(_ bytes: [UInt8]) -> SQLiteData { .blob(ByteBuffer(bytes: bytes)) }
    private static func bytes(_ data: SQLiteData?) -> [UInt8]? {
        guard let data, var buffer = data.blob else { return nil }
        return buffer.readBytes(length: buffer.readableBytes)
    }

    public func setting(_ key: String) async throws -> [UInt8]? {
        let rows = try await connection.query("SELECT value FROM settings WHERE key = ?", [.text(key)])
        return rows.first.flatMap { Self.bytes($0.column("value")) }
    }

    public func groups() async throws -> [GroupRecord] {
        try await connection.query("SELECT * FROM groups ORDER BY updated_at", []).compactMap(Self.group(row:))
    }

    public func group(id: [UInt8]) async throws -> GroupRecord? {
        try await connection.query("SELECT * FROM groups WHERE group_id = ?", [Self.blob(id)]).first.flatMap(Self.group(row:))
    }

    private static func group(row: SQLiteRow) -> GroupRecord? {
        guard let id = bytes(row.column("group_id")), let state = bytes(row.column("state")),
              let kind = row.column("kind")?.string, let epoch = row.column("epoch")?.integer,
              let membersJSON = row.column("members")?.string,
              let members = try? JSONDecoder().decode([String].self, from: Data(membersJSON.utf8)) else { return nil }
        return GroupRecord(
            groupId: id, name: row.column("name")?.string, kind: kind, sealedState: state,
            sealedPendingState: bytes(row.column("pending_state")), pendingCommitId: row.column("pending_commit_id")?.string,
            epoch: UInt64(epoch), active: row.column("active")?.integer == 1, members: members,
            updatedAt: Int64(row.column("updated_at")?.integer ?? 0))
    }

    public func keyPackages() async throws -> [KeyPackageRecord] {
        try await connection.query("SELECT * FROM key_packages ORDER BY created_at", []).compactMap { row in
            guard let ref = Self.bytes(row.column("ref")), let bundle = Self.bytes(row.column("bundle")) else { return nil }
            return KeyPackageRecord(reference: ref, sealedBundle: bundle, lastResort: row.column("last_resort")?.integer == 1,
                                    createdAt: Int64(row.column("created_at")?.integer ?? 0))
        }
    }

    public func isProcessed(messageId: Int64) async throws -> Bool {
        !(try await connection.query("SELECT 1 FROM processed WHERE message_id = ?", [.integer(Int(messageId))]).isEmpty)
    }

    public func outbox() async throws -> [OutboxRecord] {
        try await connection.query("SELECT * FROM outbox ORDER BY seq", []).compactMap { row in
            guard let id = row.column("id")?.string, let group = Self.bytes(row.column("group_id")),
                  let kind = row.column("kind")?.string, let request = Self.bytes(row.column("request")) else { return nil }
            return OutboxRecord(id: id, groupId: group, kind: kind, request: request, createdAt: Int64(row.column("created_at")?.integer ?? 0))
        }
    }

    public func messages(groupId: [UInt8], limit: Int) async throws -> [MessageRecord] {
        let rows = try await connection.query(
            "SELECT * FROM messages WHERE group_id = ? ORDER BY position DESC LIMIT ?", [Self.blob(groupId), .integer(max(0, limit))])
        return rows.reversed().compactMap { row in
            guard let id = row.column("id")?.string, let group = Self.bytes(row.column("group_id")),
                  let sender = row.column("sender")?.string, let device = row.column("sender_device")?.string,
                  let text = row.column("text")?.string else { return nil }
            return MessageRecord(id: id, groupId: group, sender: sender, senderDevice: device, text: text,
                                 sentAt: Int64(row.column("sent_at")?.integer ?? 0), position: Int64(row.column("position")?.integer ?? 0))
        }
    }

    public func pendingEvents() async throws -> [(seq: Int64, event: [UInt8])] {
        try await connection.query("SELECT seq, event FROM events ORDER BY seq", []).compactMap { row in
            guard let seq = row.column("seq")?.integer, let event = Self.bytes(row.column("event")) else { return nil }
            return (Int64(seq), event)
        }
    }

    public func transfer(id: String) async throws -> TransferRecord? {
        let rows = try await connection.query("SELECT * FROM transfers WHERE id = ?", [.text(id)])
        return rows.first.flatMap { row in
            guard let kind = row.column("kind")?.string, let state = Self.bytes(row.column("state")) else { return nil }
            return TransferRecord(id: id, kind: kind, sealedState: state, updatedAt: Int64(row.column("updated_at")?.integer ?? 0))
        }
    }

    public func files(clientId: String) async throws -> [FileRecord] {
        try await connection.query("SELECT * FROM files WHERE client_id = ? ORDER BY sent_at", [.text(clientId)]).compactMap { row in
            guard let id = row.column("id")?.string, let group = Self.bytes(row.column("group_id")),
                  let sender = row.column("sender")?.string, let device = row.column("sender_device")?.string,
                  let name = row.column("name")?.string, let size = row.column("size")?.integer,
                  let reference = Self.bytes(row.column("reference")) else { return nil }
            return FileRecord(id: id, clientId: clientId, groupId: group, sender: sender, senderDevice: device, name: name,
                              size: Int64(size), sealedReference: reference, sentAt: Int64(row.column("sent_at")?.integer ?? 0))
        }
    }

    public func apply(_ batch: StoreBatch) async throws {
        guard !batch.isEmpty else { return }
        try await transaction {
            for change in batch.changes { try await apply(change) }
        }
    }

    private func apply(_ change: StoreBatch.Change) async throws {
        switch change {
        case .setSetting(let key, let value):
            _ = try await connection.query("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [.text(key), Self.blob(value)])
        case .putGroup(let g):
            let members = String(decoding: try JSONEncoder().encode(g.members), as: UTF8.self)
            _ = try await connection.query("""
                INSERT OR REPLACE INTO groups (group_id, name, kind, state, pending_state, pending_commit_id, epoch, active, members, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [Self.blob(g.groupId), g.name.map { .text($0) } ?? .null, .text(g.kind), Self.blob(g.sealedState),
                      g.sealedPendingState.map(Self.blob) ?? .null, g.pendingCommitId.map { .text($0) } ?? .null,
                      .integer(Int(clamping: g.epoch)), .integer(g.active ? 1 : 0), .text(members), .integer(Int(g.updatedAt))])
        case .putKeyPackage(let kp):
            _ = try await connection.query("INSERT OR REPLACE INTO key_packages (ref, bundle, last_resort, created_at) VALUES (?, ?, ?, ?)",
                                           [Self.blob(kp.reference), Self.blob(kp.sealedBundle), .integer(kp.lastResort ? 1 : 0), .integer(Int(kp.createdAt))])
        case .deleteKeyPackage(let ref):
            _ = try await connection.query("DELETE FROM key_packages WHERE ref = ?", [Self.blob(ref)])
        case .addMessage(let m):
            _ = try await connection.query("""
                INSERT OR IGNORE INTO messages (id, group_id, sender, sender_device, text, sent_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(m.id), Self.blob(m.groupId), .text(m.sender), .text(m.senderDevice), .text(m.text), .integer(Int(m.sentAt))])
        case .markProcessed(let id):
            _ = try await connection.query("INSERT OR IGNORE INTO processed (message_id) VALUES (?)", [.integer(Int(id))])
        case .putOutbox(let o):
            _ = try await connection.query("INSERT OR REPLACE INTO outbox (id, group_id, kind, request, created_at) VALUES (?, ?, ?, ?, ?)",
                                           [.text(o.id), Self.blob(o.groupId), .text(o.kind), Self.blob(o.request), .integer(Int(o.createdAt))])
        case .deleteOutbox(let id):
            _ = try await connection.query("DELETE FROM outbox WHERE id = ?", [.text(id)])
        case .addEvent(let event):
            _ = try await connection.query("INSERT INTO events (event) VALUES (?)", [Self.blob(event)])
        case .deleteEvents(let seq):
            _ = try await connection.query("DELETE FROM events WHERE seq <= ?", [.integer(Int(seq))])
        case .putTransfer(let t):
            _ = try await connection.query("INSERT OR REPLACE INTO transfers (id, kind, state, updated_at) VALUES (?, ?, ?, ?)",
                                           [.text(t.id), .text(t.kind), Self.blob(t.sealedState), .integer(Int(t.updatedAt))])
        case .deleteTransfer(let id):
            _ = try await connection.query("DELETE FROM transfers WHERE id = ?", [.text(id)])
        case .addFile(let f):
            _ = try await connection.query("""
                INSERT OR IGNORE INTO files (id, client_id, group_id, sender, sender_device, name, size, reference, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(f.id), .text(f.clientId), Self.blob(f.groupId), .text(f.sender), .text(f.senderDevice), .text(f.name),
                      .integer(Int(f.size)), Self.blob(f.sealedReference), .integer(Int(f.sentAt))])
        }
    }

    public func close() async throws {
        guard !closed else { return }
        closed = true
        try await connection.close()
    }
}
