import CoveTransparency

/// The key-transparency log (docs/transparency.md). Appends are not part of this protocol: a
/// store appends inside the transaction that adds or revokes a device (`createAccount`,
/// `addDevice`, `revokeDevice`), so the log and the directory never disagree.
///
/// Every method reads the tree's size, frontier and signed checkpoint from the database, so
/// every node sharing a database answers identically. Proofs read O(log n) stored nodes.
public protocol TransparencyStore: Sendable {
    /// Creates the log if the database has none (key, empty signed checkpoint), checks that the
    /// configured origin and key match the stored ones (throws
    /// ``TransparencyConfigurationError``) and appends a `device_added` entry for every
    /// device that has none (databases created before the log). Idempotent; run at start.
    func openTransparencyLog(now: Int64) async throws -> LogIdentity
    /// The log's origin and public key.
    func logIdentity() async throws -> LogIdentity
    /// The newest signed checkpoint (the same bytes on every node).
    func latestCheckpoint() async throws -> SignedCheckpoint
    /// PROOF(from, D[to]); throws `TransparencyError(.indexOutOfRange)` unless
    /// from <= to <= the log's size.
    func consistencyProof(from: UInt64, to: UInt64) async throws -> [[UInt8]]
    /// Leaf `index` and PATH(index, D[treeSize]); index < treeSize <= size.
    func inclusionProof(index: UInt64, treeSize: UInt64) async throws -> (entry: [UInt8], proof: [[UInt8]])
    /// Encoded entries of leaves [start, end), end <= size.
    func logEntries(start: UInt64, end: UInt64) async throws -> [[UInt8]]
    /// The `device_added` entries of these devices, proven against the newest checkpoint.
    func deviceInclusions(deviceIds: [String]) async throws -> DeviceInclusions
    /// Re-signs the current tree with timestamp `now` if the newest checkpoint is older than
    /// `maxAge` milliseconds, so clients can require fresh checkpoints while no device changes.
    /// Returns whether it signed.
    func refreshCheckpoint(now: Int64, maxAge: Int64) async throws -> Bool
}
