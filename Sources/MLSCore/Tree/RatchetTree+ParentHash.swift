import MLSCodec
import MLSCrypto

// struct {
//     HPKEPublicKey encryption_key;
//     opaque parent_hash<V>;
//     opaque original_sibling_tree_hash<V>;
// } ParentHashInput;
extension RatchetTree {
    /// The parent hash of the parent node `parent` with copath child `sibling` (RFC 9420 §7.9):
    /// the hash of its encryption key, its own `parent_hash` field and the original tree hash of
    /// `sibling` (the tree hash with `parent`'s unmerged leaves blanked). Nil if `parent` is blank.
    public func parentHash(of parent: NodeIndex, sibling: NodeIndex, _ provider: any CipherSuiteProvider) -> [UInt8]? {
        guard let node = parentNode(at: parent) else { return nil }
        let siblingHash = treeHash(of: sibling, excluding: Set(node.unmergedLeaves), provider)
        return Self.parentHash(encryptionKey: node.encryptionKey, parentHash: node.parentHash,
                               originalSiblingTreeHash: siblingHash, provider)
    }

    static func parentHash(encryptionKey: [UInt8], parentHash: [UInt8], originalSiblingTreeHash: [UInt8],
                           _ provider: any CipherSuiteProvider) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: 160)
        writer.writeOpaque(encryptionKey)
        writer.writeOpaque(parentHash)
        writer.writeOpaque(originalSiblingTreeHash)
        return provider.hash(writer.bytes)
    }

    /// The `parent_hash` field a node carries: a parent node's field, a commit-sourced leaf's
    /// field, nil for other leaves and blanks.
    func parentHashField(of node: NodeIndex) -> [UInt8]? {
        switch self[node] {
        case .parent(let parent)?: parent.parentHash
        case .leaf(let leaf)?:
            if case .commit(let hash) = leaf.source { hash } else { nil }
        case nil: nil
        }
    }

    /// Checks that every non-blank parent node is parent-hash valid (RFC 9420 §7.9.2), top down:
    /// each non-blank parent P must have exactly one descendant D, in the resolution of a child C
    /// of P, whose `parent_hash` is the parent hash of P with the other child as copath child and
    /// such that P's unmerged leaves under C are exactly the resolution of C without D. Since D is
    /// then itself a leaf or a parent checked the same way, every parent chains down to a leaf.
    public func verifyParentHashes(_ provider: any CipherSuiteProvider) throws(MLSError) {
        for index in stride(from: 1, to: nodeStorage.count, by: 2) {
            let p = NodeIndex(UInt32(index))
            guard let parent = parentNode(at: p), let left = TreeMath.left(p), let right = TreeMath.right(p) else { continue }
            let unmerged = Set(parent.unmergedLeaves.map(\.nodeIndex))
            var links = 0
            for (child, sibling) in [(left, right), (right, left)] {
                let resolution = resolution(of: child)
                guard !resolution.isEmpty, let hash = parentHash(of: p, sibling: sibling, provider) else { continue }
                let range = TreeMath.leafRange(under: child)
                let unmergedUnderChild = unmerged.filter { range.contains($0.rawValue / 2) }
                // resolution(C) \ {D} == unmerged(P) ∩ subtree(C), checked in O(1) per D so that
                // a hostile tree with long resolutions cannot make this quadratic.
                let resolutionSet = Set(resolution)
                guard resolutionSet.count == resolution.count,
                      unmergedUnderChild.isSubset(of: resolutionSet),
                      unmergedUnderChild.count == resolutionSet.count - 1
                else { continue }
                for d in resolution where !unmergedUnderChild.contains(d) && parentHashField(of: d) == hash {
                    links += 1
                }
            }
            guard links == 1 else { throw MLSError(.invalidParentHash, "\(p)") }
        }
    }
}
