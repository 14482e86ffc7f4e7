/// The members' signature keys of one epoch, by leaf: what verifying that epoch's messages
/// needs (RFC 9420 §6.1).
///
/// Backed by the epoch's ratchet tree itself (a copy-on-write value, so taking it is O(1)),
/// not by a per-epoch dictionary: building a dictionary of every member's key on each merge
/// made every commit O(n) for a group of n members. A past epoch restored from a stored state
/// has no tree and keeps the dictionary it was stored as.
struct MemberSignatureKeys: Sendable {
    private enum Storage: Sendable {
        case tree(RatchetTree)
        case keys([LeafIndex: [UInt8]])
    }

    private let storage: Storage

    /// The keys of the leaves of `tree`.
    init(tree: RatchetTree) { storage = .tree(tree) }

    /// The keys of a stored past epoch.
    init(keys: [LeafIndex: [UInt8]]) { storage = .keys(keys) }

    /// The signature key of the member at `leaf`, or nil if the leaf is blank or outside the tree.
    subscript(leaf: LeafIndex) -> [UInt8]? {
        switch storage {
        case .tree(let tree): tree.leafNode(at: leaf)?.signatureKey
        case .keys(let keys): keys[leaf]
        }
    }

    /// Every key, in increasing leaf order (the order of the stored state).
    var sorted: [(leaf: LeafIndex, key: [UInt8])] {
        switch storage {
        case .tree(let tree): tree.members.map { ($0.index, $0.leaf.signatureKey) }
        case .keys(let keys): keys.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}
