import MLSCodec

/// The public state of a group's ratchet tree (RFC 9420 §4, §7) in the array representation of
/// Appendix C.
///
/// `nodes` always has the width of a perfect tree, `2n - 1` entries for `n = 2^d` leaves, with
/// leaves at even and parent nodes at odd indices; blank nodes are `nil`. Building one from the
/// wire (``init(_:)``) checks the structure only. Cryptographic validity (parent hashes, leaf
/// signatures, key uniqueness) is checked by ``validate(groupID:provider:)``.
public struct RatchetTree: Hashable, Sendable {
    /// Every node, blank ones as `nil`; `nodes.count == 2 * leafCount - 1`.
    ///
    /// A copy of the tree's nodes (O(n)); reading one node is ``subscript(_:)``.
    public var nodes: [Node?] { Array(nodeStorage) }

    /// The nodes, in chunks (``ChunkedArray``) so that a commit, which installs its path into a
    /// copy of the tree, copies O(n / 64 + log n) references instead of every node.
    ///
    /// Only the mutation helpers of this file write it, so that each write also invalidates
    /// the cached tree hashes of the node and its ancestors (``hashCache``).
    private(set) var nodeStorage: ChunkedArray<Node?>

    /// The tree hash of each node (RFC 9420 §7.8) as far as it is known; see ``TreeHashCache``.
    /// Not part of the tree's value: equality and hashing use `nodes` only.
    var hashCache: TreeHashCache

    public static func == (lhs: RatchetTree, rhs: RatchetTree) -> Bool { lhs.nodeStorage == rhs.nodeStorage }

    public func hash(into hasher: inout Hasher) { hasher.combine(nodeStorage) }

    /// The number of leaves, blank or not: always a power of two.
    public var leafCount: UInt32 { UInt32((nodeStorage.count + 1) / 2) }

    /// The root node.
    public var root: NodeIndex { TreeMath.root(leafCount: leafCount) }

    /// A one-member tree holding `leaf` at leaf 0 (group creation, RFC 9420 §11).
    public init(leaf: LeafNode) {
        nodeStorage = ChunkedArray([.leaf(leaf)])
        hashCache = TreeHashCache()
    }

    /// The tree of a `ratchet_tree` extension or out-of-band tree (RFC 9420 §12.4.3.3).
    ///
    /// Rejects an empty list and a blank last node (the sender must truncate trailing blanks),
    /// a parent node at a leaf position or a leaf node at a parent position, and trees larger
    /// than ``MLSLimits/maxLeaves``; then extends the array with blanks to a perfect tree.
    public init(_ serialized: RatchetTreeNodes) throws(MLSError) {
        let list = serialized.nodes
        guard let last = list.last, last != nil else {
            throw MLSError(.malformedRatchetTree, list.isEmpty ? "empty tree" : "last node is blank")
        }
        guard list.count <= 2 * Int(MLSLimits.maxLeaves) - 1,
              let leaves = TreeMath.leafCount(nodeWidth: list.count),
              leaves <= MLSLimits.maxLeaves
        else { throw MLSError(.treeTooLarge, "\(list.count) nodes") }
        for (index, node) in list.enumerated() {
            switch node {
            case nil: continue
            case .leaf?: guard index % 2 == 0 else { throw MLSError(.wrongNodeKind, "leaf node at node \(index)") }
            case .parent?: guard index % 2 == 1 else { throw MLSError(.wrongNodeKind, "parent node at node \(index)") }
            }
        }
        let width = Int(TreeMath.nodeWidth(leafCount: leaves))
        // Stored properties are assigned only here, after every check that can throw.
        var storage = ChunkedArray(list)
        storage.append(repeating: nil, count: width - list.count)
        nodeStorage = storage
        hashCache = TreeHashCache()
    }

    /// The `optional<Node> ratchet_tree<V>` form: the nodes with trailing blanks removed
    /// (RFC 9420 §12.4.3.3).
    public var serialized: RatchetTreeNodes {
        var list = Array(nodeStorage)
        while let last = list.last, last == nil { list.removeLast() }
        return RatchetTreeNodes(nodes: list)
    }

    // MARK: Access

    /// The node at `index`, or nil if it is blank or outside the tree.
    public subscript(index: NodeIndex) -> Node? {
        Int(index.rawValue) < nodeStorage.count ? nodeStorage[Int(index.rawValue)] : nil
    }

    /// Whether `index` is a node of this tree.
    public func contains(_ index: NodeIndex) -> Bool { Int(index.rawValue) < nodeStorage.count }

    /// Whether `leaf` is a leaf position of this tree (blank or not).
    public func contains(_ leaf: LeafIndex) -> Bool { leaf.rawValue < leafCount }

    /// The leaf node at `leaf`, or nil if it is blank or outside the tree.
    public func leafNode(at leaf: LeafIndex) -> LeafNode? { self[leaf.nodeIndex]?.leafNode }

    /// The parent node at `index`, or nil if it is blank, a leaf position or outside the tree.
    public func parentNode(at index: NodeIndex) -> ParentNode? { self[index]?.parentNode }

    /// The non-blank leaves, in increasing leaf order.
    public var members: [(index: LeafIndex, leaf: LeafNode)] {
        stride(from: 0, to: nodeStorage.count, by: 2).compactMap { i in
            nodeStorage[i]?.leafNode.map { (LeafIndex(UInt32(i / 2)), $0) }
        }
    }

    /// The leaf holding exactly `leaf`, if any (used by a joiner to find itself, §12.4.3.1).
    public func index(of leaf: LeafNode) -> LeafIndex? {
        members.first { $0.leaf == leaf }?.index
    }

    // MARK: Internal mutation helpers

    mutating func setNode(_ node: Node?, at index: NodeIndex) {
        nodeStorage[Int(index.rawValue)] = node
        hashCache.invalidate(index, leafCount: leafCount)
    }

    /// Doubles the number of leaves: the old tree becomes the left subtree of a new blank root.
    mutating func extend() throws(MLSError) {
        guard leafCount < MLSLimits.maxLeaves else { throw MLSError(.treeTooLarge, "cannot add a leaf") }
        // Old nodes keep their indices and subtree hashes; the new root and right half are new.
        let added = nodeStorage.count + 1
        hashCache.extend(by: added)
        nodeStorage.append(repeating: nil, count: added)
    }

    /// Halves the tree while the leaves of its right subtree are all blank, discarding the root
    /// and the right subtree (RFC 9420 §7.7, §12.1.3), keeping at least one leaf.
    mutating func truncate() {
        while nodeStorage.count > 1 {
            let half = (nodeStorage.count - 1) / 2
            guard stride(from: half + 1, to: nodeStorage.count, by: 2).allSatisfy({ nodeStorage[$0] == nil }) else { return }
            nodeStorage.removeLast(half + 1)
            // The new root is the old left child, whose subtree (and hash) did not change.
            hashCache.truncate(to: nodeStorage.count)
        }
    }
}
