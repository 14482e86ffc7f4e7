import MLSCodec
import MLSCrypto

// enum {
//     reserved(0),
//     leaf(1),
//     parent(2),
//     (255)
// } NodeType;
//
// struct {
//   NodeType node_type;
//   select (TreeHashInput.node_type) {
//     case leaf:   LeafNodeHashInput leaf_node;
//     case parent: ParentNodeHashInput parent_node;
//   };
// } TreeHashInput;
//
// struct {
//     uint32 leaf_index;
//     optional<LeafNode> leaf_node;
// } LeafNodeHashInput;
//
// struct {
//     optional<ParentNode> parent_node;
//     opaque left_hash<V>;
//     opaque right_hash<V>;
// } ParentNodeHashInput;
extension RatchetTree {
    /// The tree hash of the whole tree: the tree hash of the root (RFC 9420 §7.8).
    ///
    /// Uses the cached hashes of unchanged subtrees (``cacheTreeHashes(_:)``), so after a
    /// change along one path it costs O(log n) hashes, not O(n).
    public func treeHash(_ provider: any CipherSuiteProvider) -> [UInt8] {
        treeHash(of: root, provider)
    }

    /// Checks the tree hash against the value a GroupInfo or GroupContext carries
    /// (RFC 9420 §12.4.3.1).
    public func verifyTreeHash(_ expected: [UInt8], _ provider: any CipherSuiteProvider) throws(MLSError) {
        guard treeHash(provider) == expected else { throw MLSError(.treeHashMismatch) }
    }

    /// The tree hash of the subtree under `node` (RFC 9420 §7.8).
    public func treeHash(of node: NodeIndex, _ provider: any CipherSuiteProvider) -> [UInt8] {
        if let cached = hashCache.hash(of: node, for: provider) { return cached }
        guard let left = TreeMath.left(node), let right = TreeMath.right(node) else {
            return provider.hash(Self.leafHashInput(node, self[node]?.leafNode))
        }
        return provider.hash(Self.parentHashInput(
            self[node]?.parentNode, treeHash(of: left, provider), treeHash(of: right, provider)))
    }

    /// The tree hash of every node, indexed by node index.
    public func treeHashes(_ provider: any CipherSuiteProvider) -> [[UInt8]] {
        var copy = self
        copy.cacheTreeHashes(provider)
        return Array(copy.hashCache.hashes)
    }

    /// Computes and keeps the tree hash of every node whose hash is not cached yet (all of
    /// them the first time, then only the nodes changed since and their ancestors), so that
    /// later tree hashes, parent hashes and commits reuse them.
    public mutating func cacheTreeHashes(_ provider: any CipherSuiteProvider) {
        hashCache.prepare(for: provider, nodeCount: nodeStorage.count)
        _ = fillTreeHashes(of: root, provider)
    }

    private mutating func fillTreeHashes(of node: NodeIndex, _ provider: any CipherSuiteProvider) -> [UInt8] {
        if let cached = hashCache.hash(of: node, for: provider) { return cached }
        let hash: [UInt8]
        if let left = TreeMath.left(node), let right = TreeMath.right(node) {
            let leftHash = fillTreeHashes(of: left, provider)
            let rightHash = fillTreeHashes(of: right, provider)
            hash = provider.hash(Self.parentHashInput(self[node]?.parentNode, leftHash, rightHash))
        } else {
            hash = provider.hash(Self.leafHashInput(node, self[node]?.leafNode))
        }
        hashCache.store(hash, at: node)
        return hash
    }

    /// The tree hash of the subtree under `node` in the tree where every leaf in `excluding` is
    /// blank and removed from all `unmerged_leaves` lists: the "original sibling tree hash" of
    /// RFC 9420 §7.9 when `excluding` is a parent's unmerged leaves.
    ///
    /// Subtrees without an excluded leaf are unchanged by the exclusion and take their
    /// (cached) tree hash, so this costs O(k log n) hashes for k excluded leaves.
    func treeHash(of node: NodeIndex, excluding: Set<LeafIndex>, _ provider: any CipherSuiteProvider) -> [UInt8] {
        guard !excluding.isEmpty else { return treeHash(of: node, provider) }
        return treeHash(of: node, excluding: excluding, sorted: excluding.sorted(), provider)
    }

    /// `sorted`: the same leaves as `excluding`, in increasing order, to find in O(log k)
    /// whether a subtree holds one. (A valid tree lists only leaves below a node as its
    /// unmerged leaves, §7.1, so a subtree without an excluded leaf is unchanged.)
    private func treeHash(of node: NodeIndex, excluding: Set<LeafIndex>, sorted: [LeafIndex],
                          _ provider: any CipherSuiteProvider) -> [UInt8] {
        let range = TreeMath.leafRange(under: node)
        // First excluded leaf at or after the subtree's first leaf (binary search).
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].rawValue < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        guard low < sorted.count, range.contains(sorted[low].rawValue) else {
            return treeHash(of: node, provider)
        }
        if let left = TreeMath.left(node), let right = TreeMath.right(node) {
            var parent = self[node]?.parentNode
            parent?.unmergedLeaves.removeAll { excluding.contains($0) }
            return provider.hash(Self.parentHashInput(
                parent,
                treeHash(of: left, excluding: excluding, sorted: sorted, provider),
                treeHash(of: right, excluding: excluding, sorted: sorted, provider)))
        }
        // An excluded leaf is hashed as blank.
        return provider.hash(Self.leafHashInput(node, nil))
    }

    private static func leafHashInput(_ node: NodeIndex, _ leaf: LeafNode?) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: 512)
        writer.write(UInt8(1))
        writer.write(node.rawValue / 2)
        writer.writeOptional(leaf)
        return writer.bytes
    }

    private static func parentHashInput(_ parent: ParentNode?, _ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: 256)
        writer.write(UInt8(2))
        writer.writeOptional(parent)
        writer.writeOpaque(left)
        writer.writeOpaque(right)
        return writer.bytes
    }
}
