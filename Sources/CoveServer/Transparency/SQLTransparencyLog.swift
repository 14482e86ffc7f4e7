import CoveTransparency
import MLSCrypto

/// The key-transparency log on the SQL store's tables (see ``TransparencySchema``): appends
/// inside a caller's transaction, and proof reads.
///
/// Concurrency: an append first updates the `kt_head` row, which takes its row lock until the
/// transaction ends (PostgreSQL; SQLite serialises every writer anyway). The next append on
/// any node waits, then reads the committed size and frontier, so leaf indices are dense and
/// every node sees one log. The new checkpoint is signed inside the same transaction: every
/// committed tree size has exactly one signed checkpoint, stored where every node reads it.
enum SQLTransparencyLog {
    struct Head {
        var origin: [UInt8]
        var publicKey: LogPublicKey
        /// The key seed when the database keeps the key.
        var privateKey: SecretBytes?
        var frontier: CompactRange
        var checkpoint: SignedCheckpoint
    }

    static let headColumns = "origin, public_key, private_key, size, frontier, checkpoint"

    static func head(_ row: SQLRow) throws -> Head {
        let flat = try row.blob(4)
        let size = try row.int(3)
        guard size >= 0, flat.count % TransparencyLimits.hashLength == 0 else { throw StoreError.corrupt("kt_head frontier") }
        let hashes = stride(from: 0, to: flat.count, by: TransparencyLimits.hashLength).map {
            Array(flat[$0..<$0 + TransparencyLimits.hashLength])
        }
        let seed: SecretBytes?
        if case .null = row[2] { seed = nil } else { seed = SecretBytes(try row.blob(2)) }
        do {
            return Head(origin: try row.blob(0), publicKey: try LogPublicKey(rawRepresentation: try row.blob(1)),
                        privateKey: seed, frontier: try CompactRange(size: UInt64(size), hashes: hashes),
                        checkpoint: try SignedCheckpoint.decode(try row.blob(5)))
        } catch let error as TransparencyError {
            throw StoreError.corrupt("kt_head: \(error.code.rawValue)")
        }
    }

    static func readHead(_ db: any SQLSession) async throws -> Head? {
        try await db.query("SELECT \(headColumns) FROM kt_head WHERE id = 1").first.map(head)
    }

    /// Reads the head and holds its row lock until the transaction ends.
    static func lockHead(_ db: any SQLSession) async throws -> Head? {
        // A no-op UPDATE locks the row on every backend (SQLite has no SELECT ... FOR UPDATE).
        try await db.query("UPDATE kt_head SET size = size WHERE id = 1 RETURNING \(headColumns)").first.map(head)
    }

    /// Creates the log's head row unless one exists (a concurrent creator on another node wins;
    /// the loser's insert does nothing).
    static func create(_ db: any SQLSession, settings: TransparencyLogSettings, now: Int64) async throws {
        let origin = Array(settings.origin.utf8)
        guard (1...TransparencyLimits.maxOriginLength).contains(origin.count) else {
            throw TransparencyConfigurationError(description: "log origin must be 1-\(TransparencyLimits.maxOriginLength) bytes")
        }
        let signer = try settings.signer ?? LogSigner()
        let empty = try signer.sign(Checkpoint(origin: origin, size: 0, rootHash: MerkleHash.emptyRoot,
                                               timestamp: UInt64(clamping: now)))
        let seed: SQLValue = settings.signer == nil ? .blob(signer.privateKeyBytes.exposedBytes) : .null
        try await db.query("""
            INSERT INTO kt_head (id, origin, public_key, private_key, size, frontier, checkpoint)
            VALUES (1, $1, $2, $3, 0, $4, $5) ON CONFLICT (id) DO NOTHING
            """, .blob(origin), .blob(signer.publicKey.rawRepresentation), seed, .blob([]), .blob(empty.mlsEncoded))
    }

    /// The key that signs for `head`: the stored one, else the configured one, which must be
    /// the log's.
    static func signer(for head: Head, settings: TransparencyLogSettings) throws -> LogSigner {
        let signer: LogSigner
        if let seed = head.privateKey {
            signer = try LogSigner(privateKey: seed)
        } else if let configured = settings.signer {
            signer = configured
        } else {
            throw TransparencyConfigurationError(description: "the log key is kept outside the database: start with --log-key")
        }
        guard signer.publicKey == head.publicKey else {
            throw TransparencyConfigurationError(description: "the log key does not match the log's public key in the database")
        }
        return signer
    }

    /// One event to append, with the columns kept for lookups.
    struct Event {
        var entry: LogEntry
        var username: String
        var deviceId: String
    }

    /// Appends `events` in order in the caller's transaction and signs one checkpoint of the
    /// resulting tree; returns the leaf indices. Creates the log on first use. Rows are written
    /// with multi-row INSERTs, so a batch costs a few statements per few hundred entries.
    @discardableResult
    static func append(_ db: any SQLSession, _ events: [Event], settings: TransparencyLogSettings) async throws -> [UInt64] {
        guard let latest = events.map(\.entry.timestamp).max() else { return [] }
        var locked = try await lockHead(db)
        if locked == nil {
            try await create(db, settings: settings, now: Int64(clamping: latest))
            locked = try await lockHead(db)
        }
        guard let head = locked else { throw StoreError.corrupt("kt_head missing") }
        let signer = try signer(for: head, settings: settings)
        guard head.frontier.size + UInt64(events.count) <= TransparencyLimits.maxLogSize else {
            throw StoreError.corrupt("transparency log full")
        }

        var frontier = head.frontier
        var entryRows: [[SQLValue]] = [], nodeRows: [[SQLValue]] = [], indices: [UInt64] = []
        for event in events {
            let bytes = event.entry.leafInput
            let nodes = frontier.append(leafHash: MerkleHash.leafHash(bytes))
            indices.append(nodes[0].index)
            entryRows.append([.int(Int64(nodes[0].index)), .int(Int64(event.entry.event.rawValue)), .text(event.username),
                              .text(event.deviceId), .blob(nodes[0].hash), .blob(bytes)])
            for node in nodes.dropFirst() {
                guard let id = MerkleNode(level: node.level, index: node.index).inOrderIndex else {
                    throw StoreError.corrupt("node outside the log")
                }
                nodeRows.append([.int(id), .blob(node.hash)])
            }
        }
        try await insert(db, "kt_entries (idx, event, username, device_id, leaf_hash, entry)", entryRows)
        try await insert(db, "kt_nodes (id, hash)", nodeRows)
        // Checkpoint timestamps never go backwards, even if node clocks differ.
        let timestamp = max(latest, head.checkpoint.checkpoint.timestamp)
        let checkpoint = try signer.sign(Checkpoint(origin: head.origin, size: frontier.size, rootHash: frontier.root,
                                                    timestamp: timestamp))
        try await db.query("UPDATE kt_head SET size = $1, frontier = $2, checkpoint = $3 WHERE id = 1",
                           .int(Int64(frontier.size)), .blob(frontier.hashes.flatMap { $0 }), .blob(checkpoint.mlsEncoded))
        return indices
    }

    /// Multi-row INSERT, at most ~1000 bind parameters per statement.
    private static func insert(_ db: any SQLSession, _ target: String, _ rows: [[SQLValue]]) async throws {
        guard let width = rows.first?.count else { return }
        let perStatement = max(1, 1000 / width)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            let values = (0..<chunk.count).map { row in
                "(" + (1...width).map { "$\(row * width + $0)" }.joined(separator: ", ") + ")"
            }
            try await db.query("INSERT INTO \(target) VALUES \(values.joined(separator: ", "))", chunk.flatMap { $0 })
        }
    }

    /// The `device_added` event of a device.
    static func added(_ device: DeviceRecord) -> Event {
        Event(entry: LogEntry(event: .deviceAdded, userID: Array(device.username.utf8), deviceID: Array(device.id.utf8),
                              signatureKey: device.signatureKey, timestamp: UInt64(clamping: device.createdAt)),
              username: device.username, deviceId: device.id)
    }

    /// Appends the `device_added` event of a device being inserted in this transaction.
    static func appendDeviceAdded(_ db: any SQLSession, _ device: DeviceRecord, settings: TransparencyLogSettings) async throws {
        try await append(db, [added(device)], settings: settings)
    }

    /// Appends the `device_revoked` event of a device revoked in this transaction (the entry
    /// repeats the key it revokes).
    static func appendDeviceRevoked(_ db: any SQLSession, _ device: DeviceRecord, at time: Int64,
                                    settings: TransparencyLogSettings) async throws {
        let entry = LogEntry(event: .deviceRevoked, userID: Array(device.username.utf8), deviceID: Array(device.id.utf8),
                             signatureKey: device.signatureKey, timestamp: UInt64(clamping: time))
        try await append(db, [Event(entry: entry, username: device.username, deviceId: device.id)], settings: settings)
    }

    // MARK: reads

    /// Fetches stored node hashes by primary key, in chunks (bind-parameter limits).
    static func fetch(_ db: any SQLSession, _ nodes: Set<MerkleNode>) async throws -> [MerkleNode: [UInt8]] {
        var out: [MerkleNode: [UInt8]] = [:]
        var leaves: [Int64: MerkleNode] = [:], inner: [Int64: MerkleNode] = [:]
        for node in nodes {
            if node.level == 0 {
                leaves[Int64(node.index)] = node
            } else {
                guard let id = node.inOrderIndex else { throw StoreError.corrupt("node outside the log") }
                inner[id] = node
            }
        }
        for (table, key, hash, wanted) in [("kt_entries", "idx", "leaf_hash", leaves), ("kt_nodes", "id", "hash", inner)] {
            let ids = Array(wanted.keys)
            for chunkStart in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[chunkStart..<min(ids.count, chunkStart + 500)])
                let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
                let rows = try await db.query("SELECT \(key), \(hash) FROM \(table) WHERE \(key) IN (\(placeholders))",
                                              chunk.map { .int($0) })
                for row in rows {
                    guard let node = wanted[try row.int(0)] else { throw StoreError.corrupt("unexpected node row") }
                    out[node] = try row.blob(1)
                }
            }
        }
        guard out.count == nodes.count else { throw StoreError.corrupt("transparency log nodes missing") }
        return out
    }

    /// A proof reader over fetched nodes.
    static func reader(_ nodes: [MerkleNode: [UInt8]]) -> MerkleProofs.NodeReader {
        { (level: Int, index: UInt64) throws(TransparencyError) -> [UInt8] in
            guard let hash = nodes[MerkleNode(level: level, index: index)] else {
                throw TransparencyError(.storage, "node (\(level), \(index)) not fetched")
            }
            return hash
        }
    }
}
