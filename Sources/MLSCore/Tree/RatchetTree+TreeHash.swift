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
        treeHash(of: node, excluding: [], provider)
    }

    /// The tree hash of every node, indexed by node index (one pass, bottom up).
    public func treeHashes(_ provider: any CipherSuiteProvider) -> [[UInt8]] {
        var hashes = Array(repeating: [UInt8](), count: nodes.count)
        _ = fillTreeHashes(of: root, provider, into: &hashes)
        return hashes
    }

    private func fillTreeHashes(of node: NodeIndex, _ provider: any CipherSuiteProvider, into hashes: inout [[UInt8]]) -> [UInt8] {
        let hash: [UInt8]
        if let left = TreeMath.left(node), let right = TreeMath.right(node) {
            let leftHash = fillTreeHashes(of: left, provider, into: &hashes)
            let rightHash = fillTreeHashes(of: right, provider, into: &hashes)
            hash = provider.hash(Self.parentHashInput(self[node]?.parentNode, leftHash, rightHash))
        } else {
            hash = provider.hash(Self.leafHashInput(node, self[node]?.leafNode))
        }
        hashes[Int(node.rawValue)] = hash
        return hash
    }

    /// The tree hash of the subtree under `node` in the tree where every leaf in `excluding` is
    /// blank and removed from all `unmerged_leaves` lists: the "original sibling tree hash" of
    /// RFC 9420 §7.9 when `excluding` is a parent's unmerged leaves.
    func treeHash(of node: NodeIndex, excluding: Set<LeafIndex>, _ provider: any CipherSuiteProvider) -> [UInt8] {
        if let left = TreeMath.left(node), let right = TreeMath.right(node) {
            var parent = self[node]?.parentNode
            if !excluding.isEmpty { parent?.unmergedLeaves.removeAll { excluding.contains($0) } }
            return provider.hash(Self.parentHashInput(
                parent,
                treeHash(of: left, excluding: excluding, provider),
                treeHash(of: right, excluding: excluding, provider)))
        }
        let excluded = node.leafIndex.map { excluding.contains($0) } ?? true
        return provider.hash(Self.leafHashInput(node, excluded ? nil : self[node]?.leafNode))
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
