extension RatchetTree {
    /// The resolution of `node` (RFC 9420 §4.1.2): a non-blank node followed by its unmerged
    /// leaves; nothing for a blank leaf; the resolutions of both children for a blank parent.
    ///
    /// Leaves in `excluding` (members added by the Commit being created or processed, §7.6)
    /// are left out, both as leaves and as unmerged leaves. Indices outside the tree have an
    /// empty resolution.
    public func resolution(of node: NodeIndex, excluding: Set<LeafIndex> = []) -> [NodeIndex] {
        guard contains(node) else { return [] }
        var result: [NodeIndex] = []
        appendResolution(of: node, excluding: excluding, to: &result)
        return result
    }

    private func appendResolution(of node: NodeIndex, excluding: Set<LeafIndex>, to result: inout [NodeIndex]) {
        switch self[node] {
        case .leaf?:
            if let leaf = node.leafIndex, !excluding.contains(leaf) { result.append(node) }
        case .parent(let parent)?:
            result.append(node)
            for leaf in parent.unmergedLeaves where !excluding.contains(leaf) {
                result.append(leaf.nodeIndex)
            }
        case nil:
            guard let left = TreeMath.left(node), let right = TreeMath.right(node), !isBlankSubtree(node) else { return }
            appendResolution(of: left, excluding: excluding, to: &result)
            appendResolution(of: right, excluding: excluding, to: &result)
        }
    }

    /// Whether every node under `node` (itself included) is blank, i.e. its resolution is
    /// empty whatever is excluded (RFC 9420 §4.1.2).
    ///
    /// The subtree of a node at level k is the contiguous index range `node ± (2^k - 1)` of the
    /// array representation (Appendix C), so this is one scan that stops at the first non-blank
    /// node, instead of a recursive walk: the blank right half of a tree whose leaf count is not
    /// a power of two is on the copath of half the members, and walking it node by node made
    /// every resolution and filtered direct path O(n).
    func isBlankSubtree(_ node: NodeIndex) -> Bool {
        let span = (1 << Int(TreeMath.level(node))) - 1
        let center = Int(node.rawValue)
        let lower = max(0, center - span)
        let upper = min(nodeStorage.count - 1, center + span)
        guard lower <= upper else { return true }
        for i in lower...upper {
            if case .some = nodeStorage[i] { return false }
        }
        return true
    }

    /// The direct path of `leaf`, from its parent up to the root.
    public func directPath(of leaf: LeafIndex) -> [NodeIndex] {
        leaf.directPath(leafCount: leafCount)
    }

    /// The copath of `leaf`: the sibling of the leaf and of each direct-path node below the root.
    public func copath(of leaf: LeafIndex) -> [NodeIndex] {
        leaf.copath(leafCount: leafCount)
    }

    /// The filtered direct path of `leaf` (RFC 9420 §4.1.2) as pairs of a direct-path node and
    /// its child on the copath of `leaf`: direct-path nodes whose copath child has an empty
    /// resolution (unmerged leaves counted) are removed.
    public func filteredDirectPathWithCopath(of leaf: LeafIndex) -> [(node: NodeIndex, copathChild: NodeIndex)] {
        zip(directPath(of: leaf), copath(of: leaf)).compactMap { node, child in
            !contains(child) || isBlankSubtree(child) ? nil : (node, child)
        }
    }

    /// The filtered direct path of `leaf` (RFC 9420 §4.1.2).
    public func filteredDirectPath(of leaf: LeafIndex) -> [NodeIndex] {
        filteredDirectPathWithCopath(of: leaf).map(\.node)
    }
}
