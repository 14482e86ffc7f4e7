/// Device links and revocation on the SQL backends (table `device_links`, column `devices.revoked_at`).
extension SQLCoveStore {
    private static var linkColumns: String {
        "l.id, l.account_id, a.username, l.device_id, l.name, l.signature_key, l.created_at, l.expires_at, l.approved_at FROM device_links l JOIN accounts a ON a.id = l.account_id"
    }

    private static func linkRecord(_ r: SQLRow) throws -> DeviceLinkRecord {
        DeviceLinkRecord(id: try r.text(0), accountId: try r.text(1), username: try r.text(2), deviceId: try r.text(3),
                         name: try r.text(4), signatureKey: try r.blob(5), createdAt: try r.int(6), expiresAt: try r.int(7),
                         approvedAt: r.count > 8 ? r[8].int : nil)
    }

    public func createDeviceLink(_ link: DeviceLinkRecord, maxPending: Int, now: Int64) async throws {
        try await database.transaction { db in
            let pending = try await db.query(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM device_links WHERE account_id = $1 AND approved_at IS NULL AND expires_at > $2",
                .text(link.accountId), .int(now))
            if try (pending.first?.int(0) ?? 0) >= Int64(maxPending) { throw StoreError.tooManyDeviceLinks }
            try await Self.checkKeyFree(db, link.signatureKey)
            try await db.query("""
                INSERT INTO device_links (id, account_id, device_id, name, signature_key, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, .text(link.id), .text(link.accountId), .text(link.deviceId), .text(link.name), .blob(link.signatureKey),
                .int(link.createdAt), .int(link.expiresAt))
        }
    }

    public func deviceLink(id: String) async throws -> DeviceLinkRecord? {
        try await database.transaction { db in
            try await db.query("SELECT \(Self.linkColumns) WHERE l.id = $1", .text(id)).first.map(Self.linkRecord)
        }
    }

    public func pendingDeviceLinks(accountId: String, now: Int64) async throws -> [DeviceLinkRecord] {
        try await database.transaction { db in
            try await db.query("""
                SELECT \(Self.linkColumns) WHERE l.account_id = $1 AND l.approved_at IS NULL AND l.expires_at > $2
                ORDER BY l.created_at, l.id
                """, .text(accountId), .int(now)).map(Self.linkRecord)
        }
    }

    public func approveDeviceLink(id: String, now: Int64) async throws -> DeviceRecord {
        try await database.transaction { db in
            // Compare-and-set: of two concurrent approvals exactly one sees the row.
            let claimed = try await db.query(
                "UPDATE device_links SET approved_at = $1 WHERE id = $2 AND approved_at IS NULL AND expires_at > $1 RETURNING id",
                .int(now), .text(id))
            guard let row = try await db.query("SELECT \(Self.linkColumns) WHERE l.id = $1", .text(id)).first else {
                throw StoreError.unknownDeviceLink
            }
            guard !claimed.isEmpty else { throw StoreError.deviceLinkNotPending }
            let link = try Self.linkRecord(row)
            try await Self.checkKeyFree(db, link.signatureKey)
            let device = DeviceRecord(id: link.deviceId, accountId: link.accountId, username: link.username, name: link.name,
                                      signatureKey: link.signatureKey, createdAt: now)
            try await Self.insertDevice(db, device, accountId: link.accountId, log: transparency)
            return device
        }
    }

    public func purgeDeviceLinks(before: Int64) async throws {
        try await database.transaction { db in
            try await db.query("""
                DELETE FROM key_packages WHERE device_id IN
                  (SELECT device_id FROM device_links WHERE approved_at IS NULL AND expires_at < $1)
                """, .int(before))
            try await db.query("DELETE FROM device_links WHERE expires_at < $1", .int(before))
        }
    }

    public func revokeDevice(id: String, at: Int64) async throws {
        try await database.transaction { db in
            let marked = try await db.query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id",
                                            .int(at), .text(id))
            if marked.isEmpty {
                if try await db.query("SELECT 1 FROM devices WHERE id = $1", .text(id)).isEmpty { throw StoreError.unknownDevice(id) }
                return  // already revoked
            }
            // The key-transparency log records the revocation in the same transaction.
            guard let device = try await db.query("SELECT \(Self.deviceColumns) WHERE d.id = $1", .text(id)).first.map(Self.deviceRecord) else {
                throw StoreError.unknownDevice(id)
            }
            try await SQLTransparencyLog.appendDeviceRevoked(db, device, at: at, settings: transparency)
            try await db.query("DELETE FROM tokens WHERE device_id = $1", .text(id))
            try await db.query("DELETE FROM challenges WHERE device_id = $1", .text(id))
            try await db.query("DELETE FROM key_packages WHERE device_id = $1", .text(id))
            try await db.query("DELETE FROM queue WHERE device_id = $1", .text(id))
            // No more fan-out to it. Its leaves stay in the leaf map: the members' commit that
            // removes them must still declare it in removedDeviceIds.
            try await db.query("DELETE FROM group_members WHERE device_id = $1", .text(id))
        }
    }
}
