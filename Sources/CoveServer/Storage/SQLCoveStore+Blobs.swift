/// Blob storage on the SQL store (tables from ``BlobSchema``): metadata, quota usage, pins and
/// message references in the database; bytes in ``BlobFileStore`` files when `blobFiles` is set
/// (SQLite), else in `blob_chunks` rows (PostgreSQL).
///
/// Concurrency: quota is reserved by one conditional `UPDATE blob_usage ... WHERE used + size <=
/// quota`, which is atomic on both backends. Referencing a blob (message, pin) clears its
/// `unreferenced_since` with an UPDATE of the blob row, and garbage collection deletes with a
/// conditional DELETE of that row: on PostgreSQL the row lock orders the two, so a blob is either
/// referenced (and kept) or already gone (and the reference is refused).
extension SQLCoveStore {
    // MARK: create and status

    public func createBlob(id: String, accountId: String, size: Int64, quota: Int64, now: Int64) async throws {
        try await database.transaction { db in
            try await db.query("INSERT INTO blob_usage (account_id, used) VALUES ($1, 0) ON CONFLICT DO NOTHING", .text(accountId))
            let reserved = try await db.query(
                "UPDATE blob_usage SET used = used + $2 WHERE account_id = $1 AND used + $2 <= $3 RETURNING used",
                .text(accountId), .int(size), .int(quota))
            if reserved.isEmpty { throw StoreError.blobTooLarge }
            try await db.query("""
                INSERT INTO blobs (id, account_id, size, received, created_at, updated_at) VALUES ($1, $2, $3, 0, $4, $4)
                """, .text(id), .text(accountId), .int(size), .int(now))
        }
    }

    static func blobRecord(_ r: SQLRow) throws -> BlobRecord {
        let size = try r.int(2), received = try r.int(3)
        return BlobRecord(id: try r.text(0), accountId: try r.text(1), size: size, received: received, complete: size == received)
    }

    public func blob(id: String) async throws -> BlobRecord? {
        try await database.transaction { db in
            try await db.query("SELECT id, account_id, size, received FROM blobs WHERE id = $1", .text(id)).first.map(Self.blobRecord)
        }
    }

    // MARK: upload

    public func appendChunk(id: String, accountId: String, offset: Int64, bytes: [UInt8], now: Int64) async throws -> BlobRecord {
        guard let files = blobFiles else {
            return try await database.transaction { db in
                var blob = try await Self.checkAppend(db, id: id, accountId: accountId, offset: offset, count: bytes.count)
                try await Self.advance(db, id: id, offset: offset, count: bytes.count, now: now)
                try await db.query("INSERT INTO blob_chunks (blob_id, start_offset, data) VALUES ($1, $2, $3)",
                                   .text(id), .int(offset), .blob(bytes))
                blob.received += Int64(bytes.count)
                blob.complete = blob.received == blob.size
                return blob
            }
        }
        // Files: check, write and fsync, then record. A crash between the write and the record
        // leaves bytes past `received`, which the resumed upload overwrites.
        return try await files.withWriteLock(id) {
            var blob = try await database.transaction { db in
                try await Self.checkAppend(db, id: id, accountId: accountId, offset: offset, count: bytes.count)
            }
            try files.write(id: id, offset: offset, bytes: bytes)
            try await database.transaction { db in
                try await Self.advance(db, id: id, offset: offset, count: bytes.count, now: now)
            }
            blob.received += Int64(bytes.count)
            blob.complete = blob.received == blob.size
            return blob
        }
    }

    private static func checkAppend(_ db: any SQLSession, id: String, accountId: String, offset: Int64, count: Int) async throws -> BlobRecord {
        guard let row = try await db.query("SELECT id, account_id, size, received FROM blobs WHERE id = $1", .text(id)).first else {
            throw StoreError.unknownBlob
        }
        let blob = try blobRecord(row)
        guard blob.accountId == accountId else { throw StoreError.unknownBlob }
        guard offset == blob.received else { throw StoreError.blobState("expected offset \(blob.received)") }
        // (A complete blob takes no more bytes: this also refuses appends to it.)
        guard blob.received + Int64(count) <= blob.size else { throw StoreError.blobTooLarge }
        return blob
    }

    /// Compare-and-advance of `received`: a concurrent append or a collection in between loses.
    private static func advance(_ db: any SQLSession, id: String, offset: Int64, count: Int, now: Int64) async throws {
        let advanced = try await db.query(
            "UPDATE blobs SET received = received + $1, updated_at = $4 WHERE id = $2 AND received = $3 RETURNING received",
            .int(Int64(count)), .text(id), .int(offset), .int(now))
        guard !advanced.isEmpty else { throw StoreError.blobState("concurrent upload") }
    }

    // MARK: download

    public func readBlob(id: String, offset: Int64, length: Int64, into sink: ([UInt8]) async throws -> Void) async throws {
        guard length > 0 else { return }
        if let files = blobFiles {
            try await files.read(id: id, offset: offset, length: length, into: sink)
            return
        }
        // One chunk row per query: memory is bounded by the chunk size, not the range.
        var position = offset
        let end = offset + length
        while position < end {
            let at = position
            let rows = try await database.transaction { db in
                try await db.query("""
                    SELECT start_offset, data FROM blob_chunks WHERE blob_id = $1 AND start_offset <= $2
                    ORDER BY start_offset DESC LIMIT 1
                    """, .text(id), .int(at))
            }
            guard let row = rows.first else { throw StoreError.corrupt("blob chunk missing") }
            let start = try row.int(0), data = try row.blob(1)
            let from = Int(position - start), to = Int(min(end, start + Int64(data.count)) - start)
            guard from < to else { throw StoreError.corrupt("blob chunk missing") }
            try await sink(Array(data[from..<to]))
            position = start + Int64(to)
        }
    }

    // MARK: references

    /// Keeps `id` from collection; throws `unknownBlob` if it does not exist (or was just collected).
    static func touchBlob(_ db: any SQLSession, id: String) async throws {
        let touched = try await db.query("UPDATE blobs SET unreferenced_since = NULL WHERE id = $1 RETURNING id", .text(id))
        if touched.isEmpty { throw StoreError.unknownBlob }
    }

    /// Records that message `message` references `blobIds` (inside the message's transaction).
    static func referenceBlobs(_ db: any SQLSession, message: Int64, blobIds: [String]) async throws {
        for id in Set(blobIds) {
            try await touchBlob(db, id: id)
            try await db.query("INSERT INTO message_blobs (message_id, blob_id) VALUES ($1, $2)", .int(message), .text(id))
        }
    }

    private static func checkMember(_ db: any SQLSession, group: [UInt8], device: String) async throws {
        if try await db.query("SELECT 1 FROM mls_groups WHERE id = $1", .blob(group)).isEmpty { throw StoreError.unknownGroup }
        let member = try await db.query("SELECT 1 FROM group_members WHERE group_id = $1 AND device_id = $2", .blob(group), .text(device))
        if member.isEmpty { throw StoreError.notMember }
    }

    public func pinBlob(id: String, group: [UInt8], device: String, now: Int64) async throws {
        try await database.transaction { db in
            try await Self.checkMember(db, group: group, device: device)
            try await Self.touchBlob(db, id: id)
            try await db.query("""
                INSERT INTO blob_pins (blob_id, group_id, device_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
                """, .text(id), .blob(group), .text(device), .int(now))
        }
    }

    public func unpinBlob(id: String, group: [UInt8], device: String) async throws -> Bool {
        try await database.transaction { db in
            try await Self.checkMember(db, group: group, device: device)
            if try await db.query("SELECT 1 FROM blobs WHERE id = $1", .text(id)).isEmpty { throw StoreError.unknownBlob }
            return !(try await db.query("DELETE FROM blob_pins WHERE blob_id = $1 AND group_id = $2 RETURNING blob_id",
                                        .text(id), .blob(group))).isEmpty
        }
    }

    // MARK: garbage collection

    /// True for blobs a queued message references or a group pins.
    private static var referenced: String {
        """
        (EXISTS (SELECT 1 FROM message_blobs mb JOIN queue q ON q.message_id = mb.message_id WHERE mb.blob_id = blobs.id)
         OR EXISTS (SELECT 1 FROM blob_pins p WHERE p.blob_id = blobs.id))
        """
    }

    public func collectBlobGarbage(now: Int64, grace: Int64) async throws -> BlobGarbageReport {
        let cutoff = now - grace
        let referenced = Self.referenced
        let (deleted, marked) = try await database.transaction { db -> ([String], Int) in
            // References whose messages left every queue no longer count.
            try await db.query("""
                DELETE FROM message_blobs WHERE NOT EXISTS (SELECT 1 FROM queue q WHERE q.message_id = message_blobs.message_id)
                """)
            try await db.query("UPDATE blobs SET unreferenced_since = NULL WHERE unreferenced_since IS NOT NULL AND \(referenced)")
            let marked = try await db.query("""
                UPDATE blobs SET unreferenced_since = $1
                WHERE unreferenced_since IS NULL AND received = size AND NOT \(referenced) RETURNING id
                """, .int(now)).count
            // Re-checked in the DELETE itself, so a reference made meanwhile keeps the blob.
            let gone = try await db.query("""
                DELETE FROM blobs WHERE
                  (received = size AND unreferenced_since IS NOT NULL AND unreferenced_since <= $1 AND NOT \(referenced))
                  OR (received < size AND updated_at <= $1)
                RETURNING id, account_id, size
                """, .int(cutoff))
            var ids: [String] = []
            for row in gone {
                let id = try row.text(0)
                ids.append(id)
                try await db.query("UPDATE blob_usage SET used = used - $2 WHERE account_id = $1", .text(try row.text(1)), .int(try row.int(2)))
                try await db.query("DELETE FROM blob_chunks WHERE blob_id = $1", .text(id))
                try await db.query("DELETE FROM blob_pins WHERE blob_id = $1", .text(id))
                try await db.query("DELETE FROM message_blobs WHERE blob_id = $1", .text(id))
            }
            return (ids, marked)
        }
        // Files go after the rows are gone: a crash in between leaves only orphan files, which
        // the sweep below removes on a later pass.
        if let files = blobFiles {
            for id in deleted { files.delete(id: id) }
            let orphans = files.allFiles().filter { $0.modified <= cutoff }
            for file in orphans {
                if try await blob(id: file.id) == nil { files.delete(id: file.id) }
            }
        }
        return BlobGarbageReport(deleted: deleted.count, marked: marked)
    }
}
