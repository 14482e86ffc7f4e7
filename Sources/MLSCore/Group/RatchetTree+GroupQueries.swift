/// Read-only queries the group layer makes on the ratchet tree.
extension RatchetTree {
    /// Number of leaves (blank or not) of the full tree: a power of two (§4.1.1), the size
    /// of the secret tree of the epoch.
    var groupLeafCount: UInt32 {
        var width: UInt32 = 1
        while width < leafCount { width <<= 1 }
        return width
    }

    /// The encryption keys of every non-blank node, with the node index holding each.
    func groupEncryptionKeys() -> [[UInt8]: Int] {
        var keys: [[UInt8]: Int] = [:]
        for (i, node) in nodes.enumerated() {
            if let node { keys[node.encryptionKey] = i }
        }
        return keys
    }

    /// The leaf whose signature key is `key`, if any.
    func groupLeaf(withSignatureKey key: [UInt8]) -> LeafIndex? {
        members.first { $0.leaf.signatureKey == key }?.index
    }

    /// The leaf an external joiner takes (§12.4.3.2): the leftmost blank leaf, or the first
    /// leaf past the end of the tree. Matches where ``add(_:)`` puts a new leaf.
    func groupLeftmostFreeLeaf() -> LeafIndex {
        for i in stride(from: 0, to: nodes.count, by: 2) where nodes[i] == nil { return LeafIndex(UInt32(i / 2)) }
        return LeafIndex(leafCount)
    }
}
