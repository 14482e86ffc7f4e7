/// Array-based tree arithmetic (RFC 9420 Appendix C) on ``NodeIndex`` and ``LeafIndex``.
///
/// MLS ratchet trees are perfect binary trees: the leaf count is a power of two (§4.1.1), so
/// `leafCount` arguments are expected to be powers of two. Functions whose argument is valid by
/// construction (a leaf or node of the tree) return plain values; those that can fail on an index
/// taken from the wire (a child of a leaf, the parent of the root, an index outside the tree)
/// return an optional. Arithmetic is done in 64 bits so no `UInt32` input can overflow.
public enum TreeMath {
    /// `log2(x)`: the exponent of the largest power of two not above `x`; 0 for 0.
    static func log2(_ x: UInt64) -> UInt64 {
        x == 0 ? 0 : UInt64(63 - x.leadingZeroBitCount)
    }

    /// `level(x)`: 0 for leaves, 1 for their parents, ...; the number of trailing one bits.
    public static func level(_ x: NodeIndex) -> UInt32 {
        UInt32((~x.rawValue).trailingZeroBitCount)
    }

    /// `node_width(n)`: the number of nodes of a tree with `leafCount` leaves (`2n - 1`, 0 for 0).
    public static func nodeWidth(leafCount: UInt32) -> UInt64 {
        leafCount == 0 ? 0 : 2 * (UInt64(leafCount) - 1) + 1
    }

    /// The number of leaves of a tree whose array has `nodeWidth` nodes, rounded up to the
    /// perfect tree that contains them: the smallest power of two `n` with `2n - 1 >= nodeWidth`.
    public static func leafCount(nodeWidth: Int) -> UInt32? {
        guard nodeWidth > 0 else { return 0 }
        // ceil((nodeWidth + 1) / 2): an even width (a last node at a parent position) needs
        // the leaf to its right too.
        let leaves = UInt64(nodeWidth) / 2 + 1
        var n: UInt64 = 1
        while n < leaves { n <<= 1 }
        return n <= UInt64(UInt32.max) ? UInt32(n) : nil
    }

    /// Whether `leafCount` is a valid size for a ratchet tree (a power of two, at least 1).
    public static func isPerfect(leafCount: UInt32) -> Bool {
        leafCount != 0 && leafCount & (leafCount - 1) == 0
    }

    /// `root(n)`: the root of a tree with `leafCount` leaves (node 0 for an empty or one-leaf tree).
    public static func root(leafCount: UInt32) -> NodeIndex {
        let width = nodeWidth(leafCount: leafCount)
        return NodeIndex(UInt32(truncatingIfNeeded: (UInt64(1) << log2(width)) - 1))
    }

    /// Whether `x` is a node of the tree with `leafCount` leaves.
    public static func contains(_ x: NodeIndex, leafCount: UInt32) -> Bool {
        UInt64(x.rawValue) < nodeWidth(leafCount: leafCount)
    }

    /// `left(x)`: the left child of a parent node; nil for a leaf.
    public static func left(_ x: NodeIndex) -> NodeIndex? {
        let k = level(x)
        guard k > 0 else { return nil }
        return NodeIndex(x.rawValue ^ (UInt32(1) << (k - 1)))
    }

    /// `right(x)`: the right child of a parent node; nil for a leaf.
    public static func right(_ x: NodeIndex) -> NodeIndex? {
        let k = level(x)
        guard k > 0 else { return nil }
        let value = UInt64(x.rawValue) ^ (UInt64(3) << UInt64(k - 1))
        return NodeIndex(UInt32(truncatingIfNeeded: value))
    }

    /// `parent(x, n)`: nil for the root and for nodes outside the tree.
    public static func parent(_ x: NodeIndex, leafCount: UInt32) -> NodeIndex? {
        guard contains(x, leafCount: leafCount), x != root(leafCount: leafCount) else { return nil }
        let k = UInt64(level(x))
        let value = UInt64(x.rawValue)
        let b = (value >> (k + 1)) & 1
        let p = (value | (1 << k)) ^ (b << (k + 1))
        guard p < nodeWidth(leafCount: leafCount) else { return nil }
        return NodeIndex(UInt32(truncatingIfNeeded: p))
    }

    /// `sibling(x, n)`: the other child of `x`'s parent; nil for the root and outside the tree.
    public static func sibling(_ x: NodeIndex, leafCount: UInt32) -> NodeIndex? {
        guard let p = parent(x, leafCount: leafCount) else { return nil }
        return x < p ? right(p) : left(p)
    }

    /// `direct_path(x, n)`: the ancestors of `x` from its parent up to the root (empty for the
    /// root and for nodes outside the tree).
    public static func directPath(_ x: NodeIndex, leafCount: UInt32) -> [NodeIndex] {
        var path: [NodeIndex] = []
        var node = x
        while let p = parent(node, leafCount: leafCount) {
            path.append(p)
            node = p
        }
        return path
    }

    /// `copath(x, n)`: the siblings of `x` and of its direct path below the root.
    public static func copath(_ x: NodeIndex, leafCount: UInt32) -> [NodeIndex] {
        var result: [NodeIndex] = []
        var node = x
        while let s = sibling(node, leafCount: leafCount), let p = parent(node, leafCount: leafCount) {
            result.append(s)
            node = p
        }
        return result
    }

    /// `common_ancestor_direct(x, y)`: the lowest node whose subtree contains both `x` and `y`.
    public static func commonAncestor(_ x: NodeIndex, _ y: NodeIndex) -> NodeIndex {
        let xv = UInt64(x.rawValue), yv = UInt64(y.rawValue)
        let lx = UInt64(level(x)) + 1, ly = UInt64(level(y)) + 1
        if lx <= ly, xv >> ly == yv >> ly { return y }
        if ly <= lx, xv >> lx == yv >> lx { return x }
        var xn = xv, yn = yv, k: UInt64 = 0
        while xn != yn {
            xn >>= 1
            yn >>= 1
            k += 1
        }
        // k >= 1 here: x != y, otherwise the first branch returned.
        return NodeIndex(UInt32(truncatingIfNeeded: (xn << k) + (1 << (k - 1)) - 1))
    }

    /// Whether `ancestor` is `node` itself or one of its ancestors (the subtree under
    /// `ancestor` contains `node`).
    public static func isInSubtree(_ node: NodeIndex, of ancestor: NodeIndex) -> Bool {
        let k = UInt64(level(ancestor)) + 1
        return UInt64(node.rawValue) >> k == UInt64(ancestor.rawValue) >> k
            && level(node) <= level(ancestor)
    }

    /// The leaves under `x`, as a half-open range of leaf indices.
    public static func leafRange(under x: NodeIndex) -> Range<UInt32> {
        let k = UInt64(level(x))
        let first = (UInt64(x.rawValue) >> (k + 1)) << k
        let count = UInt64(1) << k
        return UInt32(truncatingIfNeeded: first)..<UInt32(truncatingIfNeeded: min(first + count, UInt64(UInt32.max)))
    }
}

extension NodeIndex {
    /// `level(x)` of Appendix C.
    public var level: UInt32 { TreeMath.level(self) }
}

extension LeafIndex {
    /// The direct path of this leaf in a tree with `leafCount` leaves, from its parent to the root.
    public func directPath(leafCount: UInt32) -> [NodeIndex] { TreeMath.directPath(nodeIndex, leafCount: leafCount) }
    /// The copath of this leaf in a tree with `leafCount` leaves.
    public func copath(leafCount: UInt32) -> [NodeIndex] { TreeMath.copath(nodeIndex, leafCount: leafCount) }
}
