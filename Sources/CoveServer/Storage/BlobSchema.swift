/// Tables and columns for blob quotas, pins, message references and garbage collection.
/// Numbered from 2001 so they never collide with the core (1, 2, ...) or transparency (1001, ...)
/// migrations other parts of the server add.
///
/// - `blobs.updated_at`: when the last chunk arrived (idle incomplete uploads are collected).
/// - `blobs.unreferenced_since`: set by the collector when it first finds a complete blob that no
///   queued message references and no group pins; cleared by any new reference.
/// - `blob_usage`: bytes reserved per account (declared sizes of its live blobs), updated with a
///   conditional UPDATE so concurrent uploads never exceed the quota together.
/// - `blob_pins`: a group keeps a blob (shared folders).
/// - `message_blobs`: blobs a message references (attachments); they count while the message is
///   queued for any device.
public enum BlobSchema {
    public static func migrations(_ t: SQLSchema.Types) -> [(version: Int64, statements: [String])] {
        [
            (2001, [
                "ALTER TABLE blobs ADD COLUMN updated_at BIGINT",
                "UPDATE blobs SET updated_at = created_at",
                "ALTER TABLE blobs ADD COLUMN unreferenced_since BIGINT",
                "CREATE INDEX blobs_account ON blobs (account_id)",
                "CREATE TABLE blob_usage (account_id TEXT PRIMARY KEY, used BIGINT NOT NULL)",
                "INSERT INTO blob_usage (account_id, used) SELECT account_id, SUM(size) FROM blobs GROUP BY account_id",
                """
                CREATE TABLE blob_pins (blob_id TEXT NOT NULL, group_id \(t.blob) NOT NULL, device_id TEXT NOT NULL,
                  created_at BIGINT NOT NULL, PRIMARY KEY (blob_id, group_id))
                """,
                "CREATE TABLE message_blobs (message_id BIGINT NOT NULL, blob_id TEXT NOT NULL, PRIMARY KEY (message_id, blob_id))",
                "CREATE INDEX message_blobs_blob ON message_blobs (blob_id)",
            ]),
        ]
    }
}
