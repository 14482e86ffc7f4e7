/// Where a log keeps its entries and tree hashes. Backends (in-memory, SQLite, PostgreSQL)
/// implement this; the engine never assumes more.
///
/// Model: leaves are numbered 0..<size. The store keeps, for each leaf, its encoded entry,
/// and for every *perfect* subtree completed so far, its hash keyed by (level, index): level 0
/// is the leaf hash of leaf `index`, level `l` covers leaves [index·2^l, (index+1)·2^l).
/// Those hashes never change once written (append-only), so a backend may cache them freely.
///
/// `append` must be atomic: either the entry and all its completed nodes are stored and the
/// size grows by one, or nothing changes.
public protocol LogStorage {
    /// Number of leaves stored.
    var size: UInt64 { get throws(TransparencyError) }

    /// Stores leaf number `size` (its encoded entry) and the perfect subtrees it completes
    /// (leaf hash at level 0 first). Atomic.
    mutating func append(entry: [UInt8], nodes: [CompactRange.CompletedNode]) throws(TransparencyError)

    /// The hash of the perfect subtree (level, index); it must have been stored.
    func hash(level: Int, index: UInt64) throws(TransparencyError) -> [UInt8]

    /// Encoded entries of leaves [start, end), in order.
    func entries(start: UInt64, end: UInt64) throws(TransparencyError) -> [[UInt8]]
}
