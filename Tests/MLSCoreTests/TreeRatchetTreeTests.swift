import MLS
import Testing

/// Structure, decoding and proposal application of `RatchetTree` (RFC 9420 §4, §7.7, §12.1, §12.4.3.3).
@Suite struct TreeRatchetTreeTests {
    static func dummyLeaf(_ id: UInt8) -> LeafNode {
        LeafNode(encryptionKey: [0xE0, id], signatureKey: [0x50, id], credential: .basic(identity: [id]),
                 capabilities: Capabilities(cipherSuites: [TreeSuites.mti]),
                 source: .keyPackage(Lifetime(notBefore: 0, notAfter: .max)), extensions: [], signature: [id])
    }

    static func dummyParent(_ id: UInt8, unmerged: [UInt32] = []) -> Node {
        .parent(ParentNode(encryptionKey: [0xF0, id], parentHash: [], unmergedLeaves: unmerged.map { LeafIndex($0) }))
    }

    /// A tree from a full-width node list, trailing blanks removed as a sender must.
    static func tree(_ nodes: [Node?]) throws -> RatchetTree {
        var list = nodes
        while let last = list.last, last == nil { list.removeLast() }
        return try RatchetTree(RatchetTreeNodes(nodes: list))
    }

    /// The five-member tree of RFC 9420 §4.1.2 (A B _ _ E F G _ with T, X, Y, W set; U, V, Z blank).
    static func rfcFilteredTree() throws -> RatchetTree {
        var nodes = [Node?](repeating: nil, count: 15)
        for (leaf, id) in [(0, 0xA), (1, 0xB), (4, 0xE), (5, 0xF), (6, 0x6)] as [(Int, UInt8)] {
            nodes[2 * leaf] = .leaf(dummyLeaf(id))
        }
        nodes[1] = dummyParent(1)
        nodes[7] = dummyParent(7)
        nodes[9] = dummyParent(9)
        nodes[11] = dummyParent(11)
        return try tree(nodes)
    }

    @Test("filtered direct paths of the RFC 9420 §4.1.2 example")
    func filteredDirectPaths() throws {
        let tree = try Self.rfcFilteredTree()
        #expect(tree.filteredDirectPath(of: LeafIndex(0)) == [1, 7].map { NodeIndex($0) })
        #expect(tree.filteredDirectPath(of: LeafIndex(1)) == [1, 7].map { NodeIndex($0) })
        #expect(tree.filteredDirectPath(of: LeafIndex(4)) == [9, 11, 7].map { NodeIndex($0) })
        #expect(tree.filteredDirectPath(of: LeafIndex(6)) == [11, 7].map { NodeIndex($0) })
    }

    @Test("resolution of the RFC 9420 §4.1.2 figure: X[B] and Y give [X, B, Y, H]")
    func resolutionWithUnmergedLeaves() throws {
        var nodes = [Node?](repeating: nil, count: 15)
        for leaf in [0, 1, 3, 4, 5, 7] { nodes[2 * leaf] = .leaf(Self.dummyLeaf(UInt8(leaf))) }
        nodes[1] = nil
        nodes[3] = Self.dummyParent(3, unmerged: [1])
        nodes[9] = Self.dummyParent(9)
        let tree = try Self.tree(nodes)
        #expect(tree.resolution(of: NodeIndex(3)) == [3, 2].map { NodeIndex($0) })
        #expect(tree.resolution(of: NodeIndex(4)).isEmpty)
        #expect(tree.resolution(of: NodeIndex(7)) == [3, 2, 9, 14].map { NodeIndex($0) })
        #expect(tree.resolution(of: NodeIndex(7), excluding: [LeafIndex(1), LeafIndex(7)]) == [3, 9].map { NodeIndex($0) })
        #expect(tree.resolution(of: NodeIndex(99)).isEmpty)
    }

    @Test("an empty ratchet tree is rejected")
    func emptyTree() {
        #expect(treeErrorCode { try RatchetTree(RatchetTreeNodes(nodes: [])) } == .malformedRatchetTree)
    }

    @Test("a trailing blank node is rejected (RFC 9420 §12.4.3.3)")
    func trailingBlank() {
        let nodes: [Node?] = [.leaf(Self.dummyLeaf(0)), nil, .leaf(Self.dummyLeaf(1)), nil]
        #expect(treeErrorCode { try RatchetTree(RatchetTreeNodes(nodes: nodes)) } == .malformedRatchetTree)
        #expect(treeErrorCode { try RatchetTree(RatchetTreeNodes(nodes: Array(nodes.dropLast()))) } == nil)
    }

    @Test("a leaf node at a parent position is rejected")
    func leafAtParentPosition() {
        let nodes: [Node?] = [.leaf(Self.dummyLeaf(0)), .leaf(Self.dummyLeaf(9)), .leaf(Self.dummyLeaf(1))]
        #expect(treeErrorCode { try RatchetTree(RatchetTreeNodes(nodes: nodes)) } == .wrongNodeKind)
    }

    @Test("a parent node at a leaf position is rejected")
    func parentAtLeafPosition() {
        let nodes: [Node?] = [.leaf(Self.dummyLeaf(0)), nil, Self.dummyParent(2)]
        #expect(treeErrorCode { try RatchetTree(RatchetTreeNodes(nodes: nodes)) } == .wrongNodeKind)
    }

    @Test("a tree ending at a parent position is extended to the next perfect width")
    func evenWidth() throws {
        let tree = try RatchetTree(RatchetTreeNodes(nodes: [.leaf(Self.dummyLeaf(0)), Self.dummyParent(1)]))
        #expect(tree.nodes.count == 3)
        #expect(tree.leafCount == 2)
        #expect(tree.serialized.nodes.count == 2)
    }

    @Test("serialization truncates trailing blanks and round-trips")
    func serialization() throws {
        let tree = try Self.rfcFilteredTree()
        #expect(tree.nodes.count == 15)
        #expect(tree.serialized.nodes.count == 13)
        let decoded = try RatchetTree(RatchetTreeNodes(mlsEncoded: tree.serialized.mlsEncoded))
        #expect(decoded == tree)
    }

    @Test("add fills the leftmost blank leaf, records it as unmerged, and extends a full tree")
    func add() throws {
        var tree = try Self.rfcFilteredTree()
        let first = try tree.add(Self.dummyLeaf(0x20))
        #expect(first == LeafIndex(2))
        #expect(tree.parentNode(at: NodeIndex(7))?.unmergedLeaves == [LeafIndex(2)])
        #expect(tree.parentNode(at: NodeIndex(1))?.unmergedLeaves == [])
        #expect(try tree.add(Self.dummyLeaf(0x21)) == LeafIndex(3))
        #expect(tree.parentNode(at: NodeIndex(7))?.unmergedLeaves == [LeafIndex(2), LeafIndex(3)])
        #expect(try tree.add(Self.dummyLeaf(0x22)) == LeafIndex(7))
        #expect(tree.leafCount == 8)
        #expect(try tree.add(Self.dummyLeaf(0x23)) == LeafIndex(8))
        #expect(tree.leafCount == 16)
        #expect(tree.nodes.count == 31)
    }

    @Test("remove blanks the leaf and its direct path, then truncates")
    func remove() throws {
        var tree = try Self.rfcFilteredTree()
        try tree.remove(LeafIndex(6))
        #expect(tree.leafNode(at: LeafIndex(6)) == nil)
        #expect(tree[NodeIndex(11)] == nil && tree[NodeIndex(7)] == nil)
        #expect(tree.leafCount == 8)
        try tree.remove(LeafIndex(4))
        try tree.remove(LeafIndex(5))
        #expect(tree.leafCount == 2)
        #expect(tree.nodes.count == 3)
        try tree.remove(LeafIndex(1))
        #expect(tree.leafCount == 1)
    }

    @Test("remove and update of a blank or absent leaf fail with invalid_leaf_index")
    func blankTargets() throws {
        var tree = try Self.rfcFilteredTree()
        #expect(treeErrorCode { try tree.remove(LeafIndex(2)) } == .invalidLeafIndex)
        #expect(treeErrorCode { try tree.remove(LeafIndex(40)) } == .invalidLeafIndex)
        #expect(treeErrorCode { try tree.update(LeafIndex(3), with: Self.dummyLeaf(0x30)) } == .invalidLeafIndex)
    }

    @Test("update replaces the leaf and blanks its direct path")
    func update() throws {
        var tree = try Self.rfcFilteredTree()
        try tree.update(LeafIndex(4), with: Self.dummyLeaf(0x44))
        #expect(tree.leafNode(at: LeafIndex(4)) == Self.dummyLeaf(0x44))
        #expect(tree[NodeIndex(9)] == nil && tree[NodeIndex(11)] == nil && tree[NodeIndex(7)] == nil)
        #expect(tree[NodeIndex(1)] != nil)
    }
}
