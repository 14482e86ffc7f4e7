/// The result of validating and applying a commit's proposal list (RFC 9420 §12.2, §12.3),
/// before the UpdatePath.
struct AppliedProposals: Sendable {
    var tree: RatchetTree
    var extensions: [Extension]
    /// New members in the order of their Adds, with the leaf each was placed at.
    var added: [(LeafIndex, KeyPackage)] = []
    /// Removed members with the leaf node they had.
    var removed: [(LeafIndex, LeafNode)] = []
    /// Members whose leaf was replaced by an Update, with the new leaf node.
    var updated: [(LeafIndex, LeafNode)] = []
    /// PreSharedKeyIDs in proposal order (the order of the psk_secret derivation).
    var psks: [PreSharedKeyID] = []
    var externalInit: ExternalInitProposal?
    var reInit: ReInitProposal?
    /// §12.4: whether the commit must carry an UpdatePath.
    var pathRequired: Bool
}
