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
            guard let left = TreeMath.left(node), let right = TreeMath.right(node) else { return }
            appendResolution(of: left, excluding: excluding, to: &result)
            appendResolution(of: right, excluding: excluding, to: &result)
        }
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
            resolution(of: child).isEmpty ? nil : (node, child)
        }
    }

    /// The filtered direct path of `leaf` (RFC 9420 §4.1.2).
    public func filteredDirectPath(of leaf: LeafIndex) -> [NodeIndex] {
        filteredDirectPathWithCopath(of: leaf).map(\.node)
    }
}
