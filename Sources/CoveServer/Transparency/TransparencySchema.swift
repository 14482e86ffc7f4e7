/// Tables of the key-transparency log. Numbered from 1001 so they never collide with the core
/// migrations (1, 2, ...) that other parts of the server add concurrently.
///
/// - `kt_head`: one row (id 1): origin, public key, private key seed (NULL when the key is
///   given from a file), size, frontier (the perfect-subtree roots of the right edge, 32 bytes
///   each, largest first) and the newest signed checkpoint. Appends lock this row, which
///   serialises them across every node sharing the database.
/// - `kt_entries`: one row per leaf: the encoded `LogEntry`, its leaf hash, and the event,
///   username and device id for lookups.
/// - `kt_nodes`: every completed perfect subtree above the leaves, keyed by its in-order index
///   (`MerkleNode.inOrderIndex`); a proof reads O(log n) of them by primary key.
public enum TransparencySchema {
    public static func migrations(_ t: SQLSchema.Types) -> [(version: Int64, statements: [String])] {
        [
            (1001, [
                """
                CREATE TABLE kt_head (id BIGINT PRIMARY KEY, origin \(t.blob) NOT NULL, public_key \(t.blob) NOT NULL,
                  private_key \(t.blob), size BIGINT NOT NULL, frontier \(t.blob) NOT NULL, checkpoint \(t.blob) NOT NULL)
                """,
                """
                CREATE TABLE kt_entries (idx BIGINT PRIMARY KEY, event BIGINT NOT NULL, username TEXT NOT NULL,
                  device_id TEXT NOT NULL, leaf_hash \(t.blob) NOT NULL, entry \(t.blob) NOT NULL)
                """,
                "CREATE INDEX kt_entries_device ON kt_entries (device_id, event)",
                "CREATE INDEX kt_entries_user ON kt_entries (username, idx)",
                "CREATE TABLE kt_nodes (id BIGINT PRIMARY KEY, hash \(t.blob) NOT NULL)",
            ]),
        ]
    }
}

extension SQLSchema {
    /// Every migration of the server: the core ones, then those of the transparency log and
    /// the blob files (each numbered in its own range).
    public static func all(_ t: Types) -> [(version: Int64, statements: [String])] {
        migrations(t) + TransparencySchema.migrations(t) + BlobSchema.migrations(t)
    }
}
