/// Group listings and stored GroupInfo on the SQL backends (table `group_infos`).
extension SQLCoveStore {
    public func groups(memberDevice: String) async throws -> [GroupRecord] {
        try await database.transaction { db in
            let rows = try await db.query("""
                SELECT g.id, g.epoch FROM mls_groups g JOIN group_members m ON m.group_id = g.id
                WHERE m.device_id = $1 ORDER BY g.id
                """, .text(memberDevice))
            var out: [GroupRecord] = []
            for row in rows {
                let id = try row.blob(0)
                out.append(GroupRecord(id: id, epoch: UInt64(try row.int(1)), members: try await Self.members(db, group: id)))
            }
            return out
        }
    }

    public func latestGroupInfo(groupId: [UInt8]) async throws -> (epoch: UInt64, groupInfo: [UInt8])? {
        try await database.transaction { db in
            guard let row = try await db.query("SELECT epoch, data FROM group_infos WHERE group_id = $1", .blob(groupId)).first else {
                return nil
            }
            return (UInt64(try row.int(0)), try row.blob(1))
        }
    }

    /// Replaces the group's GroupInfo, inside the transaction that accepts the commit creating `epoch`.
    static func storeGroupInfo(_ db: any SQLSession, group: [UInt8], epoch: UInt64, groupInfo: [UInt8]) async throws {
        try await db.query("DELETE FROM group_infos WHERE group_id = $1", .blob(group))
        try await db.query("INSERT INTO group_infos (group_id, epoch, data) VALUES ($1, $2, $3)",
                           .blob(group), .int(Int64(bitPattern: epoch)), .blob(groupInfo))
    }
}
