/// The right edge ("frontier") of a Merkle tree of `size` leaves: the roots of the perfect
/// subtrees that `size` decomposes into, largest (leftmost) first — one per set bit of `size`.
///
/// Appending a leaf is O(log n) node hashes (amortised O(1)); the root is O(log n) node
/// hashes. The log engine keeps one so appends and tree heads never read storage, and the
/// auditor keeps one in its state file so it can extend the tree it verified last time.
public struct CompactRange: Hashable, Sendable {
    public private(set) var size: UInt64
    /// Perfect-subtree roots, left to right; `hashes[i]` covers 2^levels[i] leaves.
    public private(set) var hashes: [[UInt8]]

    public init() {
        size = 0
        hashes = []
    }

    /// Rebuilds from a size and its subtree roots (e.g. from a state file); the count must
    /// equal the number of set bits of `size` and every hash must be 32 bytes.
    public init(size: UInt64, hashes: [[UInt8]]) throws(TransparencyError) {
        guard size <= TransparencyLimits.maxLogSize else { throw TransparencyError(.limitExceeded, "compact range size") }
        guard hashes.count == size.nonzeroBitCount else {
            throw TransparencyError(.malformedEncoding, "compact range: \(hashes.count) hashes for size \(size)")
        }
        guard hashes.allSatisfy({ $0.count == TransparencyLimits.hashLength }) else {
            throw TransparencyError(.malformedHash, "compact range")
        }
        self.size = size
        self.hashes = hashes
    }

    /// A completed perfect subtree: `level` 0 is a leaf; it covers leaves
    /// [index << level, (index + 1) << level).
    public struct CompletedNode: Hashable, Sendable {
        public let level: Int
        public let index: UInt64
        public let hash: [UInt8]

        public init(level: Int, index: UInt64, hash: [UInt8]) {
            self.level = level
            self.index = index
            self.hash = hash
        }
    }

    /// Appends a leaf hash; returns every perfect subtree it completes, the leaf (level 0)
    /// first, so a store can keep them keyed by (level, index).
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> [CompletedNode] {
        var completed = [CompletedNode(level: 0, index: size, hash: leafHash)]
        var hash = leafHash
        var level = 0
        // Each trailing one bit of the old size is a left sibling that now merges.
        var bits = size
        while bits & 1 == 1 {
            let left = hashes.removeLast()
            hash = MerkleHash.nodeHash(left, hash)
            level += 1
            bits >>= 1
            completed.append(CompletedNode(level: level, index: size >> UInt64(level), hash: hash))
        }
        hashes.append(hash)
        size += 1
        return completed
    }

    /// MTH of the whole range: fold the subtree roots from the right.
    public var root: [UInt8] {
        guard var hash = hashes.last else { return MerkleHash.emptyRoot }
        for left in hashes.dropLast().reversed() {
            hash = MerkleHash.nodeHash(left, hash)
        }
        return hash
    }
}
