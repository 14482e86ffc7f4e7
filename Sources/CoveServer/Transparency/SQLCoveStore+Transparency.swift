import CoveTransparency

// `TransparencyStore` conformance (declared through `CoveStore`).
extension SQLCoveStore {
    public func openTransparencyLog(now: Int64) async throws -> LogIdentity {
        let settings = transparency
        return try await database.transaction { db in
            if try await SQLTransparencyLog.readHead(db) == nil {
                try await SQLTransparencyLog.create(db, settings: settings, now: now)
            }
            guard let head = try await SQLTransparencyLog.lockHead(db) else { throw StoreError.corrupt("kt_head missing") }
            guard head.origin == Array(settings.origin.utf8) else {
                throw TransparencyConfigurationError(
                    description: "the database's log has origin \"\(String(decoding: head.origin, as: UTF8.self))\", not \"\(settings.origin)\"")
            }
            if let configured = settings.signer, head.privateKey != nil {
                guard configured.publicKey == head.publicKey else {
                    throw TransparencyConfigurationError(description: "--log-key differs from the log key kept in the database")
                }
            }
            _ = try SQLTransparencyLog.signer(for: head, settings: settings)
            // Devices registered before the log existed get their entry now, oldest first.
            let missing = try await db.query("""
                SELECT d.id, d.account_id, a.username, d.name, d.signature_key, d.created_at
                FROM devices d JOIN accounts a ON a.id = d.account_id
                WHERE NOT EXISTS (SELECT 1 FROM kt_entries k WHERE k.device_id = d.id AND k.event = 1)
                ORDER BY d.created_at, d.id
                """)
            let events = try missing.map { row in
                SQLTransparencyLog.added(DeviceRecord(
                    id: try row.text(0), accountId: try row.text(1), username: try row.text(2), name: try row.text(3),
                    signatureKey: try row.blob(4), createdAt: try row.int(5)))
            }
            for start in stride(from: 0, to: events.count, by: 10_000) {
                try await SQLTransparencyLog.append(db, Array(events[start..<min(events.count, start + 10_000)]), settings: settings)
            }
            return LogIdentity(origin: head.origin, publicKey: head.publicKey)
        }
    }

    /// The head; a store used before ``openTransparencyLog(now:)`` (tests, tools) creates the
    /// log with its settings on first use.
    private func currentHead(_ db: any SQLSession) async throws -> SQLTransparencyLog.Head {
        if let head = try await SQLTransparencyLog.readHead(db) { return head }
        try await SQLTransparencyLog.create(db, settings: transparency, now: 0)
        guard let head = try await SQLTransparencyLog.readHead(db) else { throw StoreError.corrupt("kt_head missing") }
        return head
    }

    public func logIdentity() async throws -> LogIdentity {
        let head = try await database.transaction { db in try await currentHead(db) }
        return LogIdentity(origin: head.origin, publicKey: head.publicKey)
    }

    public func latestCheckpoint() async throws -> SignedCheckpoint {
        try await database.transaction { db in try await currentHead(db).checkpoint }
    }

    public func consistencyProof(from: UInt64, to: UInt64) async throws -> [[UInt8]] {
        try await database.transaction { db in
            let size = try await currentHead(db).frontier.size
            guard from <= to, to <= size else {
                throw TransparencyError(.indexOutOfRange, "consistency \(from) -> \(to) (log \(size))")
            }
            let nodes = try await SQLTransparencyLog.fetch(db, try MerkleProofs.nodesForConsistency(oldSize: from, newSize: to))
            return try MerkleProofs.consistencyProof(oldSize: from, newSize: to, node: SQLTransparencyLog.reader(nodes))
        }
    }

    public func inclusionProof(index: UInt64, treeSize: UInt64) async throws -> (entry: [UInt8], proof: [[UInt8]]) {
        try await database.transaction { db in
            let size = try await currentHead(db).frontier.size
            guard index < treeSize, treeSize <= size else {
                throw TransparencyError(.indexOutOfRange, "leaf \(index) in size \(treeSize) (log \(size))")
            }
            guard let row = try await db.query("SELECT entry FROM kt_entries WHERE idx = $1", .int(Int64(index))).first else {
                throw StoreError.corrupt("kt_entries \(index) missing")
            }
            let nodes = try await SQLTransparencyLog.fetch(db, try MerkleProofs.nodesForInclusion(index: index, treeSize: treeSize))
            return (try row.blob(0), try MerkleProofs.inclusionProof(index: index, treeSize: treeSize, node: SQLTransparencyLog.reader(nodes)))
        }
    }

    public func logEntries(start: UInt64, end: UInt64) async throws -> [[UInt8]] {
        try await database.transaction { db in
            let size = try await currentHead(db).frontier.size
            guard start <= end, end <= size else {
                throw TransparencyError(.indexOutOfRange, "entries [\(start), \(end)) of \(size)")
            }
            let rows = try await db.query("SELECT idx, entry FROM kt_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
                                          .int(Int64(start)), .int(Int64(end)))
            guard rows.count == Int(end - start) else { throw StoreError.corrupt("kt_entries has gaps") }
            return try rows.map { try $0.blob(1) }
        }
    }

    public func deviceInclusions(deviceIds: [String]) async throws -> DeviceInclusions {
        try await database.transaction { db in
            let head = try await currentHead(db)
            let size = head.frontier.size
            var found: [String: (index: UInt64, entry: [UInt8])] = [:]
            let ids = Array(Set(deviceIds))
            for chunkStart in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[chunkStart..<min(ids.count, chunkStart + 500)])
                let placeholders = (1...chunk.count).map { "$\($0)" }.joined(separator: ", ")
                let rows = try await db.query(
                    "SELECT device_id, idx, entry FROM kt_entries WHERE event = 1 AND device_id IN (\(placeholders))",
                    chunk.map { .text($0) })
                for row in rows {
                    let index = UInt64(try row.int(1))
                    // An entry committed after the head was read is not in this checkpoint's tree.
                    if index < size { found[try row.text(0)] = (index, try row.blob(2)) }
                }
            }
            var plan = Set<MerkleNode>()
            for (_, item) in found { plan.formUnion(try MerkleProofs.nodesForInclusion(index: item.index, treeSize: size)) }
            let reader = SQLTransparencyLog.reader(try await SQLTransparencyLog.fetch(db, plan))
            var byDevice: [String: DeviceInclusion] = [:]
            for (device, item) in found {
                byDevice[device] = DeviceInclusion(
                    index: item.index, entry: item.entry,
                    proof: try MerkleProofs.inclusionProof(index: item.index, treeSize: size, node: reader))
            }
            return DeviceInclusions(checkpoint: head.checkpoint, byDevice: byDevice)
        }
    }

    public func refreshCheckpoint(now: Int64, maxAge: Int64) async throws -> Bool {
        let settings = transparency
        return try await database.transaction { db in
            _ = try await currentHead(db)
            guard let head = try await SQLTransparencyLog.lockHead(db) else { throw StoreError.corrupt("kt_head missing") }
            let old = head.checkpoint.checkpoint
            guard now - Int64(clamping: old.timestamp) >= maxAge else { return false }
            let signer = try SQLTransparencyLog.signer(for: head, settings: settings)
            let fresh = try signer.sign(Checkpoint(origin: head.origin, size: head.frontier.size, rootHash: head.frontier.root,
                                                   timestamp: UInt64(clamping: now)))
            try await db.query("UPDATE kt_head SET checkpoint = $1 WHERE id = 1", .blob(fresh.mlsEncoded))
            return true
        }
    }
}
