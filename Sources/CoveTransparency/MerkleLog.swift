/// The append-only log engine over any `LogStorage`.
///
/// It keeps the compact range (right edge) in memory, so an append costs one leaf hash plus
/// amortised one node hash and one atomic storage write, and the current root costs
/// O(log n) hashes without storage reads. Proofs read O(log n) stored perfect-subtree hashes.
///
/// The engine is a value; a server wraps it in an actor (one writer) and persists through
/// the storage. On restart, `init(storage:)` rebuilds the compact range from the stored
/// perfect subtrees in O(log n) reads.
public struct MerkleLog<Storage: LogStorage> {
    public private(set) var storage: Storage
    public private(set) var frontier: CompactRange

    /// Opens a log over `storage`, rebuilding the frontier from its stored subtrees.
    public init(storage: Storage) throws(TransparencyError) {
        self.storage = storage
        let size = try storage.size
        var hashes: [[UInt8]] = []
        var start: UInt64 = 0
        // One perfect subtree per set bit of size, largest first.
        for level in stride(from: 63, through: 0, by: -1) where size & (UInt64(1) << UInt64(level)) != 0 {
            hashes.append(try storage.hash(level: level, index: start >> UInt64(level)))
            start += UInt64(1) << UInt64(level)
        }
        self.frontier = try CompactRange(size: size, hashes: hashes)
    }

    public var size: UInt64 { frontier.size }

    /// MTH of the whole log.
    public var rootHash: [UInt8] { frontier.root }

    /// Appends one encoded entry; returns its leaf index.
    @discardableResult
    public mutating func append(entry: [UInt8]) throws(TransparencyError) -> UInt64 {
        guard frontier.size < TransparencyLimits.maxLogSize else { throw TransparencyError(.limitExceeded, "log full") }
        var next = frontier
        let nodes = next.append(leafHash: MerkleHash.leafHash(entry))
        try storage.append(entry: entry, nodes: nodes)  // atomic; frontier moves only on success
        frontier = next
        return nodes[0].index
    }

    /// Appends a device-key event.
    @discardableResult
    public mutating func append(_ entry: LogEntry) throws(TransparencyError) -> UInt64 {
        try append(entry: entry.leafInput)
    }

    /// Encoded entries of leaves [start, end).
    public func entries(start: UInt64, end: UInt64) throws(TransparencyError) -> [[UInt8]] {
        guard start <= end, end <= size else {
            throw TransparencyError(.indexOutOfRange, "entries [\(start), \(end)) of \(size)")
        }
        return try storage.entries(start: start, end: end)
    }

    /// MTH of the tree of the first `treeSize` leaves (a past root), O(log n) reads.
    public func rootHash(treeSize: UInt64) throws(TransparencyError) -> [UInt8] {
        guard treeSize <= size else { throw TransparencyError(.indexOutOfRange, "size \(treeSize) > \(size)") }
        if treeSize == size { return rootHash }
        return try MerkleProofs.rootHash(treeSize: treeSize, node: read)
    }

    /// Inclusion proof PATH(m, D[n]) (RFC 9162 §2.1.3.1) for leaf `index` in the tree of
    /// the first `treeSize` leaves.
    public func inclusionProof(index: UInt64, treeSize: UInt64) throws(TransparencyError) -> [[UInt8]] {
        guard treeSize <= size, index < treeSize else {
            throw TransparencyError(.indexOutOfRange, "leaf \(index) in size \(treeSize) (log \(size))")
        }
        return try MerkleProofs.inclusionProof(index: index, treeSize: treeSize, node: read)
    }

    /// Consistency proof PROOF(m, D[n]) (RFC 9162 §2.1.4.1) between the trees of the first
    /// `oldSize` and `newSize` leaves. Empty when oldSize == 0 or oldSize == newSize.
    public func consistencyProof(oldSize: UInt64, newSize: UInt64) throws(TransparencyError) -> [[UInt8]] {
        guard oldSize <= newSize, newSize <= size else {
            throw TransparencyError(.indexOutOfRange, "consistency \(oldSize) -> \(newSize) (log \(size))")
        }
        return try MerkleProofs.consistencyProof(oldSize: oldSize, newSize: newSize, node: read)
    }

    private func read(level: Int, index: UInt64) throws(TransparencyError) -> [UInt8] {
        try storage.hash(level: level, index: index)
    }
}
extension MerkleLog: Sendable where Storage: Sendable {}
