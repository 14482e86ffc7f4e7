/// The schema as numbered migrations, shared by the SQL backends. A backend applies, in order,
/// every migration whose number is not yet in its `schema_migrations` table, each in one
/// transaction. Never edit a published migration: add a new one.
public enum SQLSchema {
    public struct Types: Sendable {
        /// Binary column type (BLOB / BYTEA).
        public var blob: String
        /// An auto-incrementing 64-bit primary key column definition.
        public var serialKey: String
        public init(blob: String, serialKey: String) {
            self.blob = blob
            self.serialKey = serialKey
        }
    }

    public static func migrations(_ t: Types) -> [(version: Int64, statements: [String])] {
        [
            (1, [
                "CREATE TABLE accounts (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)",
                """
                CREATE TABLE devices (id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
                  name TEXT NOT NULL, signature_key \(t.blob) NOT NULL UNIQUE, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX devices_account ON devices (account_id)",
                "CREATE TABLE challenges (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, nonce \(t.blob) NOT NULL, expires_at BIGINT NOT NULL)",
                "CREATE TABLE tokens (token_hash \(t.blob) PRIMARY KEY, device_id TEXT NOT NULL, expires_at BIGINT NOT NULL)",
                """
                CREATE TABLE key_packages (id \(t.serialKey), device_id TEXT NOT NULL, data \(t.blob) NOT NULL,
                  last_resort BIGINT NOT NULL)
                """,
                "CREATE INDEX key_packages_device ON key_packages (device_id, last_resort, id)",
                "CREATE TABLE mls_groups (id \(t.blob) PRIMARY KEY, epoch BIGINT NOT NULL, created_at BIGINT NOT NULL)",
                "CREATE TABLE group_members (group_id \(t.blob) NOT NULL, device_id TEXT NOT NULL, PRIMARY KEY (group_id, device_id))",
                """
                CREATE TABLE messages (id \(t.serialKey), group_id \(t.blob) NOT NULL, kind TEXT NOT NULL,
                  sender_device TEXT NOT NULL, epoch BIGINT NOT NULL, payload \(t.blob) NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE TABLE queue (seq \(t.serialKey), device_id TEXT NOT NULL, message_id BIGINT NOT NULL, created_at BIGINT NOT NULL)",
                "CREATE INDEX queue_device ON queue (device_id, seq)",
                "CREATE INDEX queue_created ON queue (created_at)",
                "CREATE INDEX queue_message ON queue (message_id)",
                """
                CREATE TABLE submissions (device_id TEXT NOT NULL, client_message_id TEXT NOT NULL, digest \(t.blob) NOT NULL,
                  message_id BIGINT NOT NULL, epoch BIGINT NOT NULL, created_at BIGINT NOT NULL,
                  PRIMARY KEY (device_id, client_message_id))
                """,
                """
                CREATE TABLE blobs (id TEXT PRIMARY KEY, account_id TEXT NOT NULL, size BIGINT NOT NULL,
                  received BIGINT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE blob_chunks (blob_id TEXT NOT NULL, start_offset BIGINT NOT NULL, data \(t.blob) NOT NULL,
                  PRIMARY KEY (blob_id, start_offset))
                """,
            ]),
            // Device links, revocation, stored GroupInfo (CoveStore's DeviceLifecycleStore and
            // GroupDirectoryStore).
            (2, [
                "ALTER TABLE devices ADD COLUMN revoked_at BIGINT",
                "CREATE INDEX tokens_device ON tokens (device_id)",
                "CREATE INDEX group_members_device ON group_members (device_id)",
                """
                CREATE TABLE device_links (id TEXT PRIMARY KEY, account_id TEXT NOT NULL REFERENCES accounts(id),
                  device_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, signature_key \(t.blob) NOT NULL,
                  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, approved_at BIGINT)
                """,
                "CREATE INDEX device_links_account ON device_links (account_id, expires_at)",
                "CREATE TABLE group_infos (group_id \(t.blob) PRIMARY KEY, epoch BIGINT NOT NULL, data \(t.blob) NOT NULL)",
            ]),
            // The leaf index -> device map per group, for checking commits' Adds and Removes
            // against the device ids they declare. Groups created before it are not checked.
            (3, [
                "ALTER TABLE mls_groups ADD COLUMN leaves_tracked BIGINT NOT NULL DEFAULT 0",
                """
                CREATE TABLE group_leaves (group_id \(t.blob) NOT NULL, leaf_index BIGINT NOT NULL, device_id TEXT NOT NULL,
                  PRIMARY KEY (group_id, leaf_index))
                """,
            ]),
            // Queue entries expire by their message's time (the same value: a message is queued
            // when it is stored), found through one index entry per message instead of one per
            // recipient: with fan-out 9 that was 8 of every message's index inserts and ack
            // deletes spent on an index only the daily expiry reads.
            (4, [
                "DROP INDEX queue_created",
                "CREATE INDEX messages_created ON messages (created_at)",
            ]),
        ]
    }
}
