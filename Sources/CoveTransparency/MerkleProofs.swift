/// The proof algorithms of RFC 9162 (§2.1.3.1 PATH, §2.1.4.1 PROOF) over any source of stored
/// perfect-subtree hashes, so a database-backed log can build proofs without the synchronous
/// ``LogStorage`` protocol.
///
/// Which stored nodes a proof reads depends only on the indices and sizes, never on hash
/// values. A store therefore builds a proof in two steps: ``nodesForInclusion(index:treeSize:)``
/// (or the consistency / root variants) lists the O(log n) nodes to fetch in one query, then
/// ``inclusionProof(index:treeSize:node:)`` combines the fetched hashes. ``MerkleLog`` uses
/// the same functions with its storage as the reader, so both paths yield identical proofs.
public enum MerkleProofs {
    /// Reads the hash of the perfect subtree (level, index); level 0 is a leaf hash.
    public typealias NodeReader = (_ level: Int, _ index: UInt64) throws(TransparencyError) -> [UInt8]

    /// PATH(m, D[n]) for leaf `index` in the tree of the first `treeSize` leaves, leaf side first.
    public static func inclusionProof(
        index: UInt64, treeSize: UInt64, node: NodeReader
    ) throws(TransparencyError) -> [[UInt8]] {
        guard treeSize <= TransparencyLimits.maxLogSize, index < treeSize else {
            throw TransparencyError(.indexOutOfRange, "leaf \(index) in size \(treeSize)")
        }
        var path: [[UInt8]] = []
        var start: UInt64 = 0
        var end = treeSize
        // Walk down from the root; collect siblings top-down, then reverse (leaf side first).
        while end - start > 1 {
            let k = MerkleHash.largestPowerOfTwo(below: end - start)
            if index < start + k {
                path.append(try subtreeHash(start: start + k, end: end, node: node))
                end = start + k
            } else {
                path.append(try subtreeHash(start: start, end: start + k, node: node))
                start += k
            }
        }
        return path.reversed()
    }

    /// PROOF(m, D[n]) between the trees of the first `oldSize` and `newSize` leaves. Empty when
    /// oldSize == 0 or oldSize == newSize.
    public static func consistencyProof(
        oldSize: UInt64, newSize: UInt64, node: NodeReader
    ) throws(TransparencyError) -> [[UInt8]] {
        guard oldSize <= newSize, newSize <= TransparencyLimits.maxLogSize else {
            throw TransparencyError(.indexOutOfRange, "consistency \(oldSize) -> \(newSize)")
        }
        if oldSize == 0 || oldSize == newSize { return [] }
        // SUBPROOF(m, D[start:end], b), iteratively; m is relative to start.
        var path: [[UInt8]] = []
        var m = oldSize
        var start: UInt64 = 0
        var end = newSize
        var complete = true  // b: the old tree is a complete subtree so far
        while true {
            let n = end - start
            if m == n {
                if !complete { path.append(try subtreeHash(start: start, end: end, node: node)) }
                break
            }
            let k = MerkleHash.largestPowerOfTwo(below: n)
            if m <= k {
                path.append(try subtreeHash(start: start + k, end: end, node: node))
                end = start + k
            } else {
                path.append(try subtreeHash(start: start, end: start + k, node: node))
                start += k
                m -= k
                complete = false
            }
        }
        return path.reversed()
    }

    /// MTH of the first `treeSize` leaves.
    public static func rootHash(treeSize: UInt64, node: NodeReader) throws(TransparencyError) -> [UInt8] {
        guard treeSize <= TransparencyLimits.maxLogSize else { throw TransparencyError(.indexOutOfRange, "size \(treeSize)") }
        return try subtreeHash(start: 0, end: treeSize, node: node)
    }

    /// MTH of leaves [start, end) where the range is a subtree of the RFC's recursion: its left
    /// parts are perfect subtrees read through `node`, only the right edge is combined.
    static func subtreeHash(start: UInt64, end: UInt64, node: NodeReader) throws(TransparencyError) -> [UInt8] {
        var hashes: [[UInt8]] = []
        var lo = start
        while lo < end {
            let n = end - lo
            // Largest perfect subtree aligned at lo that fits.
            var level = 63 - n.leadingZeroBitCount
            if lo != 0 { level = min(level, lo.trailingZeroBitCount) }
            hashes.append(try node(level, lo >> UInt64(level)))
            lo += UInt64(1) << UInt64(level)
        }
        guard var hash = hashes.popLast() else { return MerkleHash.emptyRoot }
        while let left = hashes.popLast() { hash = MerkleHash.nodeHash(left, hash) }
        return hash
    }

    // MARK: planning

    /// The stored nodes ``inclusionProof(index:treeSize:node:)`` reads (at most 2·log2 n).
    public static func nodesForInclusion(index: UInt64, treeSize: UInt64) throws(TransparencyError) -> Set<MerkleNode> {
        try recording { (reader: NodeReader) throws(TransparencyError) in
            _ = try inclusionProof(index: index, treeSize: treeSize, node: reader)
        }
    }

    /// The stored nodes ``consistencyProof(oldSize:newSize:node:)`` reads.
    public static func nodesForConsistency(oldSize: UInt64, newSize: UInt64) throws(TransparencyError) -> Set<MerkleNode> {
        try recording { (reader: NodeReader) throws(TransparencyError) in
            _ = try consistencyProof(oldSize: oldSize, newSize: newSize, node: reader)
        }
    }

    /// The stored nodes ``rootHash(treeSize:node:)`` reads (one per set bit of the size).
    public static func nodesForRoot(treeSize: UInt64) throws(TransparencyError) -> Set<MerkleNode> {
        try recording { (reader: NodeReader) throws(TransparencyError) in
            _ = try rootHash(treeSize: treeSize, node: reader)
        }
    }

    /// Runs an algorithm with a reader that records each requested node and answers a
    /// placeholder hash: the requests depend only on indices, so the set is exact.
    private static func recording(
        _ body: (NodeReader) throws(TransparencyError) -> Void
    ) throws(TransparencyError) -> Set<MerkleNode> {
        final class Recorder { var nodes: Set<MerkleNode> = [] }
        let recorder = Recorder()
        let placeholder = [UInt8](repeating: 0, count: TransparencyLimits.hashLength)
        try body { (level: Int, index: UInt64) throws(TransparencyError) -> [UInt8] in
            recorder.nodes.insert(MerkleNode(level: level, index: index))
            return placeholder
        }
        return recorder.nodes
    }
}

/// A perfect subtree of the log: `level` 0 is leaf `index`; level `l` covers leaves
/// [index·2^l, (index+1)·2^l).
public struct MerkleNode: Hashable, Sendable {
    public let level: Int
    public let index: UInt64

    public init(level: Int, index: UInt64) {
        self.level = level
        self.index = index
    }

    /// The node's position in the in-order numbering of a complete binary tree:
    /// `index·2^(level+1) + 2^level − 1`. Leaves are the even numbers; every node of a log of
    /// at most 2^62 leaves gets a distinct value below 2^63, so stores can key nodes by one
    /// signed 64-bit integer. Nil for positions outside that range.
    public var inOrderIndex: Int64? {
        // A subtree inside a log of at most 2^62 leaves: (index + 1)·2^level <= 2^62.
        guard level >= 0, level <= 62, index < UInt64(1) << UInt64(62 - level) else { return nil }
        return Int64((index << UInt64(level + 1)) | ((UInt64(1) << UInt64(level)) - 1))
    }
}
