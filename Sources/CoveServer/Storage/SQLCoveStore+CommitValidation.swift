/// The per-group leaf map (table `group_leaves`) and the snapshot commits are checked against.
extension SQLCoveStore {
    public func commitContext(groupId: [UInt8]) async throws -> CommitContext? {
        try await database.transaction { db in
            guard let group = try await db.query("SELECT epoch, leaves_tracked FROM mls_groups WHERE id = $1", .blob(groupId)).first else {
                return nil
            }
            let epoch = try group.int(0)
            var leaves: [UInt32: String] = [:]
            for row in try await db.query("SELECT leaf_index, device_id FROM group_leaves WHERE group_id = $1", .blob(groupId)) {
                guard let index = UInt32(exactly: try row.int(0)) else { throw StoreError.corrupt("leaf index out of range") }
                leaves[index] = try row.text(1)
            }
            let proposals = try await db.query(
                "SELECT payload FROM messages WHERE group_id = $1 AND kind = 'proposal' AND epoch = $2 ORDER BY id",
                .blob(groupId), .int(epoch)).map { try $0.blob(0) }
            return CommitContext(epoch: UInt64(epoch), members: try await Self.members(db, group: groupId),
                                 leavesTracked: try group.int(1) != 0, leaves: leaves, proposals: proposals)
        }
    }

    /// Sets the occupant of each listed leaf, inside the caller's transaction.
    static func applyLeafChanges(_ db: any SQLSession, group: [UInt8], _ changes: [LeafAssignment]) async throws {
        for change in changes {
            try await db.query("DELETE FROM group_leaves WHERE group_id = $1 AND leaf_index = $2", .blob(group), .int(Int64(change.index)))
            if let device = change.deviceId {
                try await db.query("INSERT INTO group_leaves (group_id, leaf_index, device_id) VALUES ($1, $2, $3)",
                                   .blob(group), .int(Int64(change.index)), .text(device))
            }
        }
    }
}
