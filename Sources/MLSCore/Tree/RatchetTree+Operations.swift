extension RatchetTree {
    /// Adds `leaf` as a new member (RFC 9420 §12.1.1): at the leftmost blank leaf, or in a new
    /// leaf after extending the tree; the new leaf is recorded as unmerged on every non-blank
    /// parent of its direct path. Returns the new member's leaf index.
    ///
    /// The caller validates the KeyPackage and leaf (§10.1, §7.3) before adding.
    @discardableResult
    public mutating func add(_ leaf: LeafNode) throws(MLSError) -> LeafIndex {
        let index: LeafIndex
        if let blank = stride(from: 0, to: nodeStorage.count, by: 2).first(where: { nodeStorage[$0] == nil }) {
            index = LeafIndex(UInt32(blank / 2))
        } else {
            index = LeafIndex(leafCount)
            try extend()
        }
        for p in directPath(of: index) {
            guard var parent = parentNode(at: p) else { continue }
            let position = parent.unmergedLeaves.firstIndex { $0 > index } ?? parent.unmergedLeaves.endIndex
            parent.unmergedLeaves.insert(index, at: position)
            setNode(.parent(parent), at: p)
        }
        setNode(.leaf(leaf), at: index.nodeIndex)
        return index
    }

    /// Replaces the leaf of `sender` with `leaf` and blanks its direct path (RFC 9420 §12.1.2).
    /// The caller validates the Update's leaf node (§7.3) first.
    public mutating func update(_ sender: LeafIndex, with leaf: LeafNode) throws(MLSError) {
        guard leafNode(at: sender) != nil else { throw MLSError(.invalidLeafIndex, "update of blank or absent \(sender)") }
        setNode(.leaf(leaf), at: sender.nodeIndex)
        blankDirectPath(of: sender)
    }

    /// Removes the member at `removed` (RFC 9420 §12.1.3): blanks the leaf and its direct path,
    /// then truncates the tree while its right half has no member.
    public mutating func remove(_ removed: LeafIndex) throws(MLSError) {
        guard leafNode(at: removed) != nil else { throw MLSError(.invalidLeafIndex, "remove of blank or absent \(removed)") }
        setNode(nil, at: removed.nodeIndex)
        blankDirectPath(of: removed)
        truncate()
    }

    /// Blanks every node on the direct path of `leaf`.
    public mutating func blankDirectPath(of leaf: LeafIndex) {
        for p in directPath(of: leaf) { setNode(nil, at: p) }
    }

    /// Truncates the tree while the right subtree has no non-blank leaf (RFC 9420 §7.7).
    public mutating func truncateTrailingBlanks() { truncate() }
}
