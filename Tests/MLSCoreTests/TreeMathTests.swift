import MLS
import Testing

@Suite struct TreeMathTests {
    // The 8-leaf tree of RFC 9420 Appendix C.
    @Test("paths of leaf 0 and leaf 5 in an eight-leaf tree")
    func paths() {
        #expect(TreeMath.root(leafCount: 8) == NodeIndex(7))
        #expect(LeafIndex(0).directPath(leafCount: 8) == [1, 3, 7].map { NodeIndex($0) })
        #expect(LeafIndex(0).copath(leafCount: 8) == [2, 5, 11].map { NodeIndex($0) })
        #expect(LeafIndex(5).directPath(leafCount: 8) == [9, 11, 7].map { NodeIndex($0) })
        #expect(LeafIndex(5).copath(leafCount: 8) == [8, 13, 3].map { NodeIndex($0) })
    }

    @Test("children of leaves, parent of the root and nodes outside the tree are nil")
    func edges() {
        #expect(TreeMath.left(NodeIndex(4)) == nil)
        #expect(TreeMath.right(NodeIndex(4)) == nil)
        #expect(TreeMath.parent(NodeIndex(7), leafCount: 8) == nil)
        #expect(TreeMath.parent(NodeIndex(15), leafCount: 8) == nil)
        #expect(TreeMath.sibling(NodeIndex(7), leafCount: 8) == nil)
        #expect(TreeMath.directPath(NodeIndex(0), leafCount: 1).isEmpty)
        #expect(TreeMath.parent(NodeIndex(UInt32.max), leafCount: UInt32.max) == nil)
        // Extreme wire values must not trap.
        #expect(TreeMath.level(NodeIndex(UInt32.max)) == 32)
        #expect(TreeMath.left(NodeIndex(UInt32.max)) == NodeIndex(UInt32.max ^ (1 << 31)))
    }

    @Test("common ancestor", arguments: [(0, 2, 1), (0, 4, 3), (2, 12, 7), (5, 6, 5), (1, 6, 3), (9, 9, 9), (3, 0, 3)])
    func commonAncestor(_ x: UInt32, _ y: UInt32, _ expected: UInt32) {
        #expect(TreeMath.commonAncestor(NodeIndex(x), NodeIndex(y)) == NodeIndex(expected))
    }

    @Test("leaf counts from array widths round up to a perfect tree")
    func leafCounts() {
        #expect(TreeMath.leafCount(nodeWidth: 1) == 1)
        #expect(TreeMath.leafCount(nodeWidth: 2) == 2)
        #expect(TreeMath.leafCount(nodeWidth: 3) == 2)
        #expect(TreeMath.leafCount(nodeWidth: 4) == 4)
        #expect(TreeMath.leafCount(nodeWidth: 5) == 4)
        #expect(TreeMath.leafCount(nodeWidth: 9) == 8)
        #expect(TreeMath.isPerfect(leafCount: 8))
        #expect(!TreeMath.isPerfect(leafCount: 6))
        #expect(TreeMath.leafRange(under: NodeIndex(11)) == 4..<8)
        #expect(TreeMath.isInSubtree(NodeIndex(6), of: NodeIndex(3)))
        #expect(!TreeMath.isInSubtree(NodeIndex(8), of: NodeIndex(3)))
    }

    @Test("commonAncestor, directPath and copath agree with their definitions on a 16-leaf tree")
    func semanticCrossCheck() {
        let n: UInt32 = 16
        let width = UInt32(TreeMath.nodeWidth(leafCount: n))
        for x in 0..<width {
            let node = NodeIndex(x)
            let path = TreeMath.directPath(node, leafCount: n)
            // Each step is the parent; the copath is the siblings of the node and its path below the root.
            var previous = node
            for p in path {
                #expect(TreeMath.left(p) == previous || TreeMath.right(p) == previous)
                previous = p
            }
            #expect(path.last ?? node == TreeMath.root(leafCount: n))
            #expect(TreeMath.copath(node, leafCount: n) == ([node] + path.dropLast()).compactMap { TreeMath.sibling($0, leafCount: n) })
            for y in 0..<width {
                let other = NodeIndex(y)
                let common = Set([node] + path).intersection([other] + TreeMath.directPath(other, leafCount: n))
                let lowest = common.min { TreeMath.level($0) < TreeMath.level($1) }
                #expect(TreeMath.commonAncestor(node, other) == lowest)
                #expect(TreeMath.isInSubtree(node, of: other) == ([node] + path).contains(other))
            }
        }
    }
}
