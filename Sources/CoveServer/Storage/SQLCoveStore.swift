import Crypto

/// The store on any ``SQLDatabase``: one implementation of the repository logic, two backends
/// (SQLite, PostgreSQL) that only differ in connection handling, schema DDL and ``SQLDialect``.
///
/// Tables (created by each backend's numbered migrations): accounts, devices, challenges, tokens,
/// key_packages, groups, group_members, messages, queue, submissions, blobs, blob_chunks.
public struct SQLCoveStore<Database: SQLDatabase>: CoveStore {
    public let database: Database
    /// The key-transparency log's origin and key (see Transparency/); every device insert and
    /// revocation appends to the log in its own transaction.
    public var transparency = TransparencyLogSettings()
    /// Where blob bytes go: files (SQLite server, `--data`/blobs) or, when nil, chunk rows in the
    /// database (PostgreSQL: every node sees them). See SQLCoveStore+Blobs.swift.
    public var blobFiles: BlobFileStore? = nil

    public init(database: Database) { self.database = database }

    // MARK: accounts and devices

    public func createAccount(id: String, username: String, firstDevice: DeviceRecord) async throws {
        try await database.transaction { db in
            let taken = try await db.query("SELECT 1 FROM accounts WHERE username = $1", .text(username))
            if !taken.isEmpty { throw StoreError.usernameTaken }
            try await Self.checkKeyFree(db, firstDevice.signatureKey)
            try await db.query("INSERT INTO accounts (id, username, created_at) VALUES ($1, $2, $3)",
                               .text(id), .text(username), .int(firstDevice.createdAt))
            try await Self.insertDevice(db, firstDevice, accountId: id, log: transparency)
        }
    }

    public func addDevice(_ device: DeviceRecord) async throws {
        try await database.transaction { db in
            try await Self.checkKeyFree(db, device.signatureKey)
            try await Self.insertDevice(db, device, accountId: device.accountId, log: transparency)
        }
    }

    static func checkKeyFree(_ db: any SQLSession, _ key: [UInt8]) async throws {
        let used = try await db.query("SELECT 1 FROM devices WHERE signature_key = $1", .blob(key))
        if !used.isEmpty { throw StoreError.deviceKeyTaken }
    }

    /// Inserts a device and appends its `device_added` entry to the transparency log, in the
    /// caller's transaction: a device key exists iff its log entry does.
    static func insertDevice(_ db: any SQLSession, _ d: DeviceRecord, accountId: String, log: TransparencyLogSettings) async throws {
        try await db.query("INSERT INTO devices (id, account_id, name, signature_key, created_at) VALUES ($1, $2, $3, $4, $5)",
                           .text(d.id), .text(accountId), .text(d.name), .blob(d.signatureKey), .int(d.createdAt))
        try await SQLTransparencyLog.appendDeviceAdded(db, d, settings: log)
    }

    static var deviceColumns: String {
        "d.id, d.account_id, a.username, d.name, d.signature_key, d.created_at, d.revoked_at FROM devices d JOIN accounts a ON a.id = d.account_id"
    }

    static func deviceRecord(_ r: SQLRow) throws -> DeviceRecord {
        var record = DeviceRecord(id: try r.text(0), accountId: try r.text(1), username: try r.text(2), name: try r.text(3),
                                  signatureKey: try r.blob(4), createdAt: try r.int(5))
        record.revokedAt = r.count > 6 ? r[6].int : nil
        return record
    }

    public func device(id: String) async throws -> DeviceRecord? {
        try await database.readTransaction { db in
            try await db.query("SELECT \(Self.deviceColumns) WHERE d.id = $1", .text(id)).first.map(Self.deviceRecord)
        }
    }

    public func devices(username: String) async throws -> [DeviceRecord]? {
        try await database.transaction { db in
            let account = try await db.query("SELECT id FROM accounts WHERE username = $1", .text(username))
            guard let row = account.first else { return nil }
            // Revoked devices are no longer in the directory.
            return try await db.query("SELECT \(Self.deviceColumns) WHERE d.account_id = $1 AND d.revoked_at IS NULL ORDER BY d.created_at, d.id",
                                      .text(try row.text(0))).map(Self.deviceRecord)
        }
    }

    public func devices(accountId: String) async throws -> [DeviceRecord] {
        try await database.transaction { db in
            try await db.query("SELECT \(Self.deviceColumns) WHERE d.account_id = $1 ORDER BY d.created_at, d.id",
                               .text(accountId)).map(Self.deviceRecord)
        }
    }

    // MARK: sessions

    public func insertChallenge(id: String, deviceId: String, nonce: [UInt8], expiresAt: Int64) async throws {
        _ = try await database.transaction { db in
            try await db.query("INSERT INTO challenges (id, device_id, nonce, expires_at) VALUES ($1, $2, $3, $4)",
                               .text(id), .text(deviceId), .blob(nonce), .int(expiresAt))
        }
    }

    public func consumeChallenge(id: String, deviceId: String, now: Int64) async throws -> [UInt8]? {
        try await database.transaction { db in
            // DELETE ... RETURNING makes the challenge single-use even with concurrent callers.
            let rows = try await db.query("DELETE FROM challenges WHERE id = $1 RETURNING device_id, nonce, expires_at", .text(id))
            guard let row = rows.first, try row.text(0) == deviceId, try row.int(2) > now else { return nil }
            return try row.blob(1)
        }
    }

    public func insertToken(hash: [UInt8], deviceId: String, expiresAt: Int64) async throws {
        _ = try await database.transaction { db in
            try await db.query("INSERT INTO tokens (token_hash, device_id, expires_at) VALUES ($1, $2, $3)",
                               .blob(hash), .text(deviceId), .int(expiresAt))
        }
    }

    public func device(forTokenHash hash: [UInt8], now: Int64) async throws -> String? {
        try await database.readTransaction { db in
            let rows = try await db.query("SELECT device_id FROM tokens WHERE token_hash = $1 AND expires_at > $2", .blob(hash), .int(now))
            return try rows.first?.text(0)
        }
    }

    public func purgeExpiredSessions(now: Int64) async throws {
        try await database.transaction { db in
            try await db.query("DELETE FROM tokens WHERE expires_at <= $1", .int(now))
            try await db.query("DELETE FROM challenges WHERE expires_at <= $1", .int(now))
        }
    }

    // MARK: key directory

    public func addKeyPackages(deviceId: String, _ keyPackages: [[UInt8]], lastResort: [UInt8]?, maxCount: Int) async throws {
        try await database.transaction { db in
            let existing = try await db.query("SELECT CAST(COUNT(*) AS BIGINT) FROM key_packages WHERE device_id = $1 AND last_resort = 0", .text(deviceId))
            let count = try existing.first?.int(0) ?? 0
            if count + Int64(keyPackages.count) > Int64(maxCount) { throw StoreError.tooManyKeyPackages }
            for kp in keyPackages {
                try await db.query("INSERT INTO key_packages (device_id, data, last_resort) VALUES ($1, $2, 0)", .text(deviceId), .blob(kp))
            }
            if let lastResort {
                try await db.query("DELETE FROM key_packages WHERE device_id = $1 AND last_resort = 1", .text(deviceId))
                try await db.query("INSERT INTO key_packages (device_id, data, last_resort) VALUES ($1, $2, 1)", .text(deviceId), .blob(lastResort))
            }
        }
    }

    public func keyPackageCount(deviceId: String) async throws -> (count: Int, hasLastResort: Bool) {
        try await database.transaction { db in
            let rows = try await db.query(
                "SELECT CAST(COALESCE(SUM(1 - last_resort), 0) AS BIGINT), CAST(COALESCE(SUM(last_resort), 0) AS BIGINT) FROM key_packages WHERE device_id = $1",
                .text(deviceId))
            guard let row = rows.first else { return (0, false) }
            return (Int(try row.int(0)), try row.int(1) > 0)
        }
    }

    public func claimKeyPackage(deviceId: String) async throws -> (bytes: [UInt8], lastResort: Bool)? {
        let lock = database.dialect.lockSkipLocked
        return try await database.transaction { db in
            let claimed = try await db.query("""
                DELETE FROM key_packages WHERE id = (
                  SELECT id FROM key_packages WHERE device_id = $1 AND last_resort = 0 ORDER BY id LIMIT 1 \(lock)
                ) RETURNING data
                """, .text(deviceId))
            if let row = claimed.first { return (try row.blob(0), false) }
            let lastResort = try await db.query("SELECT data FROM key_packages WHERE device_id = $1 AND last_resort = 1", .text(deviceId))
            if let row = lastResort.first { return (try row.blob(0), true) }
            return nil
        }
    }

    // MARK: groups and delivery

    public func createGroup(id: [UInt8], creatorDevice: String, now: Int64) async throws {
        try await database.transaction { db in
            let exists = try await db.query("SELECT 1 FROM mls_groups WHERE id = $1", .blob(id))
            if !exists.isEmpty { throw StoreError.groupExists }
            let inserted = try await db.query(
                "INSERT INTO mls_groups (id, epoch, created_at, leaves_tracked) VALUES ($1, 0, $2, 1) ON CONFLICT DO NOTHING RETURNING epoch",
                .blob(id), .int(now))
            if inserted.isEmpty { throw StoreError.groupExists }
            try await db.query("INSERT INTO group_members (group_id, device_id) VALUES ($1, $2)", .blob(id), .text(creatorDevice))
            // The creator of an MLS group is leaf 0.
            try await Self.applyLeafChanges(db, group: id, [LeafAssignment(index: 0, deviceId: creatorDevice)])
        }
    }

    public func group(id: [UInt8]) async throws -> GroupRecord? {
        try await database.transaction { db in
            guard let row = try await db.query("SELECT epoch FROM mls_groups WHERE id = $1", .blob(id)).first else { return nil }
            let members = try await db.query("SELECT device_id FROM group_members WHERE group_id = $1 ORDER BY device_id", .blob(id))
            return GroupRecord(id: id, epoch: UInt64(try row.int(0)), members: try members.map { try $0.text(0) })
        }
    }

    /// Looks up an earlier submission with the same client message id.
    private static func previousSubmission(_ db: any SQLSession, device: String, clientId: String, digest: [UInt8]) async throws -> SubmissionOutcome? {
        let rows = try await db.query(
            "SELECT digest, message_id, epoch FROM submissions WHERE device_id = $1 AND client_message_id = $2",
            .text(device), .text(clientId))
        guard let row = rows.first else { return nil }
        guard try row.blob(0) == digest else { throw StoreError.clientMessageIDReused }
        return SubmissionOutcome(messageId: try row.int(1), epoch: UInt64(try row.int(2)), duplicate: true, recipients: [])
    }

    static func members(_ db: any SQLSession, group: [UInt8]) async throws -> [String] {
        try await db.query("SELECT device_id FROM group_members WHERE group_id = $1 ORDER BY device_id", .blob(group)).map { try $0.text(0) }
    }

    private static func insertMessage(_ db: any SQLSession, group: [UInt8], kind: String, sender: String, epoch: UInt64, payload: [UInt8], now: Int64) async throws -> Int64 {
        let rows = try await db.query("""
            INSERT INTO messages (group_id, kind, sender_device, epoch, payload, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
            """, .blob(group), .text(kind), .text(sender), .int(Int64(bitPattern: epoch)), .blob(payload), .int(now))
        guard let id = try rows.first?.int(0) else { throw StoreError.corrupt("insert returned no id") }
        return id
    }

    /// One multi-row INSERT per 500 recipients rather than one statement each: the fan-out was
    /// most of an accepted message's statements. Rows are inserted in list order, so each
    /// recipient's queue seqs keep the order of submissions as before. Returns each device's new
    /// seq (`RETURNING`), so the committed entries can be pushed without reading them back.
    private static func enqueue(_ db: any SQLSession, message: Int64, devices: [String], now: Int64) async throws -> [(device: String, seq: Int64)] {
        var seqs: [(device: String, seq: Int64)] = []
        seqs.reserveCapacity(devices.count)
        for start in stride(from: 0, to: devices.count, by: 500) {
            let batch = devices[start..<min(start + 500, devices.count)]
            let rows = (0..<batch.count).map { "($\($0 + 3), $1, $2)" }.joined(separator: ", ")
            for row in try await db.query("INSERT INTO queue (device_id, message_id, created_at) VALUES \(rows) RETURNING device_id, seq",
                                          [.int(message), .int(now)] + batch.map { .text($0) }) {
                seqs.append((try row.text(0), try row.int(1)))
            }
        }
        return seqs
    }

    /// The outcome's deliveries: the entries `enqueue` created for one message.
    private static func deliveries(_ seqs: [(device: String, seq: Int64)], message: Int64, group: [UInt8], kind: String,
                                   sender: String, epoch: UInt64, payload: [UInt8], now: Int64) -> [QueuedDelivery] {
        seqs.map {
            QueuedDelivery(deviceId: $0.device, entry: QueueEntry(seq: $0.seq, messageId: message, groupId: group, kind: kind,
                                                                  senderDevice: sender, epoch: epoch, payload: payload, createdAt: now))
        }
    }

    private static func recordSubmission(_ db: any SQLSession, device: String, clientId: String, digest: [UInt8], message: Int64, epoch: UInt64, now: Int64) async throws {
        try await db.query("""
            INSERT INTO submissions (device_id, client_message_id, digest, message_id, epoch, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, .text(device), .text(clientId), .blob(digest), .int(message), .int(Int64(bitPattern: epoch)), .int(now))
    }

    static func digest(_ parts: [[UInt8]]) -> [UInt8] {
        var hasher = SHA256()
        for part in parts {
            withUnsafeBytes(of: UInt64(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: part)
        }
        return Array(hasher.finalize())
    }

    public func acceptCommit(_ s: CommitSubmission) async throws -> SubmissionOutcome {
        var parts: [[UInt8]] = [s.groupId, s.commit, s.welcome ?? []]
        parts += s.added.map { Array($0.utf8) } + [[0xFF]] + s.removed.map { Array($0.utf8) }
        if let groupInfo = s.groupInfo { parts += [[0xFE], groupInfo] }
        let digest = Self.digest(parts)
        let outcome = try await database.transaction { db -> SubmissionOutcome in
            if let previous = try await Self.previousSubmission(db, device: s.senderDevice, clientId: s.clientMessageId, digest: digest) {
                return previous
            }
            guard let group = try await db.query("SELECT epoch FROM mls_groups WHERE id = $1", .blob(s.groupId)).first else {
                throw StoreError.unknownGroup
            }
            let members = try await Self.members(db, group: s.groupId)
            guard members.contains(s.senderDevice) else { throw StoreError.notMember }
            let current = UInt64(try group.int(0))
            // Exactly one commit per epoch: compare-and-advance; the loser sees no row.
            let advanced = try await db.query(
                "UPDATE mls_groups SET epoch = epoch + 1 WHERE id = $1 AND epoch = $2 RETURNING epoch",
                .blob(s.groupId), .int(Int64(bitPattern: s.epoch)))
            guard let newEpochRow = advanced.first else {
                if s.epoch > current { throw StoreError.epochAhead(current: current) }
                throw StoreError.epochConflict(current: current)
            }
            let newEpoch = UInt64(try newEpochRow.int(0))
            for device in s.added {
                if members.contains(device) { continue }
                if try await db.query("SELECT 1 FROM devices WHERE id = $1 AND revoked_at IS NULL", .text(device)).isEmpty {
                    throw StoreError.unknownDevice(device)
                }
                try await db.query("INSERT INTO group_members (group_id, device_id) VALUES ($1, $2)", .blob(s.groupId), .text(device))
            }
            for device in s.removed {
                try await db.query("DELETE FROM group_members WHERE group_id = $1 AND device_id = $2", .blob(s.groupId), .text(device))
            }
            try await Self.applyLeafChanges(db, group: s.groupId, s.leafChanges)
            if let groupInfo = s.groupInfo {
                try await Self.storeGroupInfo(db, group: s.groupId, epoch: newEpoch, groupInfo: groupInfo)
            }
            // Every previous member but the sender gets the commit (removed ones learn they left).
            let commitRecipients = members.filter { $0 != s.senderDevice }
            let commitId = try await Self.insertMessage(db, group: s.groupId, kind: "commit", sender: s.senderDevice,
                                                        epoch: newEpoch, payload: s.commit, now: s.now)
            let commitSeqs = try await Self.enqueue(db, message: commitId, devices: commitRecipients, now: s.now)
            var deliveries = Self.deliveries(commitSeqs, message: commitId, group: s.groupId, kind: "commit", sender: s.senderDevice,
                                             epoch: newEpoch, payload: s.commit, now: s.now)
            var recipients = commitRecipients
            // Every added device gets the Welcome, also one re-added after losing its state.
            let joiners = s.added
            if let welcome = s.welcome, !joiners.isEmpty {
                let welcomeId = try await Self.insertMessage(db, group: s.groupId, kind: "welcome", sender: s.senderDevice,
                                                             epoch: newEpoch, payload: welcome, now: s.now)
                let welcomeSeqs = try await Self.enqueue(db, message: welcomeId, devices: joiners, now: s.now)
                deliveries += Self.deliveries(welcomeSeqs, message: welcomeId, group: s.groupId, kind: "welcome", sender: s.senderDevice,
                                              epoch: newEpoch, payload: welcome, now: s.now)
                recipients += joiners
            }
            try await Self.recordSubmission(db, device: s.senderDevice, clientId: s.clientMessageId, digest: digest,
                                            message: commitId, epoch: newEpoch, now: s.now)
            return SubmissionOutcome(messageId: commitId, epoch: newEpoch, duplicate: false, recipients: recipients, deliveries: deliveries)
        }
        if !outcome.recipients.isEmpty { await database.publish(devices: outcome.recipients) }
        return outcome
    }

    public func acceptMessage(_ s: MessageSubmission) async throws -> SubmissionOutcome {
        let digest = Self.digest([s.groupId, Array(s.kind.utf8), s.payload] + (s.blobIds.isEmpty ? [] : [[0xFF]] + s.blobIds.map { Array($0.utf8) }))
        let outcome = try await database.transaction { db -> SubmissionOutcome in
            if let previous = try await Self.previousSubmission(db, device: s.senderDevice, clientId: s.clientMessageId, digest: digest) {
                return previous
            }
            guard let group = try await db.query("SELECT epoch FROM mls_groups WHERE id = $1", .blob(s.groupId)).first else {
                throw StoreError.unknownGroup
            }
            let current = UInt64(try group.int(0))
            let members = try await Self.members(db, group: s.groupId)
            guard members.contains(s.senderDevice) else { throw StoreError.notMember }
            if s.epoch > current { throw StoreError.epochAhead(current: current) }
            let recipients = members.filter { $0 != s.senderDevice }
            let id = try await Self.insertMessage(db, group: s.groupId, kind: s.kind, sender: s.senderDevice,
                                                  epoch: s.epoch, payload: s.payload, now: s.now)
            let seqs = try await Self.enqueue(db, message: id, devices: recipients, now: s.now)
            try await Self.referenceBlobs(db, message: id, blobIds: s.blobIds)
            try await Self.recordSubmission(db, device: s.senderDevice, clientId: s.clientMessageId, digest: digest,
                                            message: id, epoch: current, now: s.now)
            return SubmissionOutcome(messageId: id, epoch: current, duplicate: false, recipients: recipients,
                                     deliveries: Self.deliveries(seqs, message: id, group: s.groupId, kind: s.kind, sender: s.senderDevice,
                                                                 epoch: s.epoch, payload: s.payload, now: s.now))
        }
        if !outcome.recipients.isEmpty { await database.publish(devices: outcome.recipients) }
        return outcome
    }

    // `LIMIT CAST($n AS BIGINT)`, not `LIMIT $n`: SQLite re-prepares a statement whose LIMIT is a
    // bare parameter every time a different value is bound (it may plan better with the value);
    // the writer's window limit changes on almost every read, so that was a full re-parse each time.

    public func pending(deviceId: String, afterSeq: Int64, limit: Int) async throws -> [QueueEntry] {
        try await database.readTransaction { db in
            try await db.query("""
                SELECT q.seq, m.id, m.group_id, m.kind, m.sender_device, m.epoch, m.payload, m.created_at
                FROM queue q JOIN messages m ON m.id = q.message_id
                WHERE q.device_id = $1 AND q.seq > $2 ORDER BY q.seq LIMIT CAST($3 AS BIGINT)
                """, .text(deviceId), .int(afterSeq), .int(Int64(limit))).map(Self.queueEntry)
        }
    }

    public func pendingSeqs(deviceId: String, limit: Int) async throws -> [Int64] {
        try await database.readTransaction { db in
            try await db.query("SELECT seq FROM queue WHERE device_id = $1 ORDER BY seq LIMIT CAST($2 AS BIGINT)",
                               .text(deviceId), .int(Int64(limit))).map { try $0.int(0) }
        }
    }

    /// One range read from the lowest to the highest seq asked for (fixed statement text, one
    /// index range), keeping only the seqs asked for: they are usually the newest entries.
    public func pending(deviceId: String, seqs: [Int64]) async throws -> [QueueEntry] {
        guard let low = seqs.min(), let high = seqs.max() else { return [] }
        let wanted = Set(seqs)
        return try await database.readTransaction { db in
            try await db.query("""
                SELECT q.seq, m.id, m.group_id, m.kind, m.sender_device, m.epoch, m.payload, m.created_at
                FROM queue q JOIN messages m ON m.id = q.message_id
                WHERE q.device_id = $1 AND q.seq >= $2 AND q.seq <= $3 ORDER BY q.seq
                """, .text(deviceId), .int(low), .int(high)).compactMap { r in
                wanted.contains(try r.int(0)) ? try Self.queueEntry(r) : nil
            }
        }
    }

    private static func queueEntry(_ r: SQLRow) throws -> QueueEntry {
        QueueEntry(seq: try r.int(0), messageId: try r.int(1), groupId: try r.blob(2), kind: try r.text(3),
                   senderDevice: try r.text(4), epoch: UInt64(bitPattern: try r.int(5)), payload: try r.blob(6),
                   createdAt: try r.int(7))
    }

    public func ack(deviceId: String, seqs: [Int64]) async throws -> Int {
        try await database.transaction { db in
            // One statement per 100 seqs (not one per seq): acks come in batches of hundreds.
            var removed = 0
            let unique = Array(Set(seqs))
            for start in stride(from: 0, to: unique.count, by: 100) {
                let batch = unique[start..<min(start + 100, unique.count)]
                let placeholders = (0..<batch.count).map { "$\($0 + 2)" }.joined(separator: ", ")
                removed += try await db.query("DELETE FROM queue WHERE device_id = $1 AND seq IN (\(placeholders)) RETURNING seq",
                                              [.text(deviceId)] + batch.map { .int($0) }).count
            }
            return removed
        }
    }

    public func expire(before: Int64) async throws -> Int {
        try await database.transaction { db in
            // A queue entry's time is its message's (both are written with the submission's
            // time), so the entries to drop are those of the messages older than `before`.
            let removed = try await db.query(
                "DELETE FROM queue WHERE message_id IN (SELECT id FROM messages WHERE created_at < $1) RETURNING seq",
                .int(before)).count
            try await db.query("DELETE FROM messages WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM queue q WHERE q.message_id = messages.id)", .int(before))
            try await db.query("DELETE FROM submissions WHERE created_at < $1", .int(before))
            return removed
        }
    }
}
