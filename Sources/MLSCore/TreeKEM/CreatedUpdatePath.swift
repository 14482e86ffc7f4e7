import MLSCrypto

/// The result of creating an UpdatePath (RFC 9420 §7.4-7.6): everything the committer needs.
public struct CreatedUpdatePath: Sendable {
    /// The UpdatePath to put in the Commit.
    public let updatePath: UpdatePath
    /// The tree with the path merged (the committer's provisional tree).
    public let tree: RatchetTree
    /// The committer's private state for `tree`.
    public let privateState: TreeKEMPrivateState
    /// The path secret of each node of the committer's filtered direct path.
    public let pathSecrets: [NodeIndex: SecretBytes]
    /// `commit_secret`: the path secret one step past the root (§8).
    public let commitSecret: SecretBytes

    /// The path secret a new member at `leaf` gets in its Welcome (§12.4.3.1): the one of the
    /// lowest common ancestor of the committer and `leaf`.
    public func pathSecret(forNewMember leaf: LeafIndex) -> SecretBytes? {
        pathSecrets[TreeMath.commonAncestor(privateState.leafIndex.nodeIndex, leaf.nodeIndex)]
    }
}
