import MLSCrypto

extension RatchetTree {
    /// Creates an UpdatePath for the member at `sender` (RFC 9420 §7.4-7.6, §12.4.1) on this
    /// tree, in which the Commit's proposals are already applied.
    ///
    /// - Parameters:
    ///   - leafNode: the committer's new leaf node contents (credential, capabilities,
    ///     extensions, signature key); its encryption key, source and signature are replaced.
    ///   - signaturePrivateKey: signs the new leaf node (LeafNodeTBS with group id and index).
    ///   - newMembers: leaves added by this Commit, excluded from every resolution (§7.6).
    ///   - groupContext: maps the tree hash of the new tree to the encoded provisional
    ///     GroupContext used as EncryptWithLabel context (§12.4.1).
    public func createUpdatePath(
        sender: LeafIndex, leafNode: LeafNode, signaturePrivateKey: SecretBytes, groupID: [UInt8],
        newMembers: Set<LeafIndex>, _ provider: any CipherSuiteProvider,
        groupContext: (_ treeHash: [UInt8]) -> [UInt8]
    ) throws(MLSError) -> CreatedUpdatePath {
        guard self.leafNode(at: sender) != nil else { throw MLSError(.invalidLeafIndex, "committer \(sender) is blank") }
        let filtered = filteredDirectPathWithCopath(of: sender)

        let leafKey: KeyPair
        do { leafKey = try provider.generateKEMKeyPair() } catch {
            throw MLSError(.treeCryptoFailure, "leaf key: \(error.code)")
        }
        var secret = provider.randomBytes(provider.hashLength)
        var pathSecrets: [SecretBytes] = []
        var pairs: [KeyPair] = []
        for _ in filtered {
            pathSecrets.append(secret)
            pairs.append(try TreeKEM.nodeKeyPair(pathSecret: secret, provider))
            secret = try TreeKEM.nextPathSecret(secret, provider)
        }
        let commitSecret = secret

        var tree = self
        var leaf = leafNode
        leaf.encryptionKey = leafKey.publicKey
        let leafParentHash = tree.installPath(sender: sender, filtered: filtered, publicKeys: pairs.map(\.publicKey), provider)
        leaf.source = .commit(parentHash: leafParentHash)
        try Self.sign(&leaf, at: sender, groupID: groupID, signaturePrivateKey: signaturePrivateKey, provider)
        tree.setNode(.leaf(leaf), at: sender.nodeIndex)
        // Only the path changed: O(log n) hashes on a tree whose hashes were cached.
        tree.cacheTreeHashes(provider)

        let context = groupContext(tree.treeHash(provider))
        var pathNodes: [UpdatePathNode] = []
        for (i, step) in filtered.enumerated() {
            var ciphertexts: [HPKECiphertext] = []
            for target in tree.resolution(of: step.copathChild, excluding: newMembers) {
                guard let publicKey = tree[target]?.encryptionKey else {
                    throw MLSError(.invalidLeafIndex, "blank node \(target) in a resolution")
                }
                do {
                    ciphertexts.append(try provider.encryptWithLabel(
                        publicKey: publicKey, label: TreeKEM.updatePathNodeLabel, context: context,
                        plaintext: pathSecrets[i].exposedBytes))
                } catch {
                    throw MLSError(.treeCryptoFailure, "encrypt path secret to \(target): \(error.code)")
                }
            }
            pathNodes.append(UpdatePathNode(encryptionKey: pairs[i].publicKey, encryptedPathSecret: ciphertexts))
        }

        var nodeKeys: [NodeIndex: KeyPair] = [:]
        var secretsByNode: [NodeIndex: SecretBytes] = [:]
        for (i, step) in filtered.enumerated() {
            nodeKeys[step.node] = pairs[i]
            secretsByNode[step.node] = pathSecrets[i]
        }
        return CreatedUpdatePath(
            updatePath: UpdatePath(leafNode: leaf, nodes: pathNodes), tree: tree,
            privateState: TreeKEMPrivateState(leafIndex: sender, leafKey: leafKey, nodeKeys: nodeKeys),
            pathSecrets: secretsByNode, commitSecret: commitSecret)
    }

    /// Merges a received UpdatePath from `sender` into the tree (RFC 9420 §7.5, §12.4.2):
    /// checks that it has one node per node of the sender's filtered direct path and, per node,
    /// one ciphertext per member of the copath child's resolution without `newMembers`; that its
    /// leaf node has source `commit`; blanks the direct path, installs the new public keys with
    /// empty unmerged leaves, recomputes the parent hashes, and checks the leaf's `parent_hash`
    /// and that no new encryption key already appears elsewhere in the tree.
    ///
    /// The tree is left unchanged if any check fails. The caller validates the leaf node itself
    /// (``validateLeaf(_:at:groupID:_:)`` and the group's policy) before merging.
    public mutating func merge(_ path: UpdatePath, from sender: LeafIndex, newMembers: Set<LeafIndex>,
                               _ provider: any CipherSuiteProvider) throws(MLSError) {
        try merge(path, from: sender, newMembers: newMembers, provider, keysCheckedAgainstTree: false)
    }

    /// ``merge(_:from:newMembers:_:)``; `keysCheckedAgainstTree`: the caller has already
    /// checked that no key of `path` appears anywhere in this tree (the group's commit checks,
    /// `MLSGroup.validateCommitPath`, which are stricter: they include the nodes the path
    /// replaces), so the scan of every node is not repeated. The path's keys are still checked
    /// for duplicates among themselves.
    mutating func merge(_ path: UpdatePath, from sender: LeafIndex, newMembers: Set<LeafIndex>,
                        _ provider: any CipherSuiteProvider, keysCheckedAgainstTree: Bool) throws(MLSError) {
        guard leafNode(at: sender) != nil else { throw MLSError(.invalidLeafIndex, "committer \(sender) is blank") }
        let filtered = filteredDirectPathWithCopath(of: sender)
        guard path.nodes.count == filtered.count else {
            throw MLSError(.invalidUpdatePath, "\(path.nodes.count) nodes for a filtered direct path of \(filtered.count)")
        }
        for (i, step) in filtered.enumerated() {
            let expected = resolution(of: step.copathChild, excluding: newMembers).count
            guard path.nodes[i].encryptedPathSecret.count == expected else {
                throw MLSError(.invalidUpdatePath, "\(path.nodes[i].encryptedPathSecret.count) ciphertexts for a resolution of \(expected) at \(step.node)")
            }
        }
        guard case .commit(let claimed) = path.leafNode.source else {
            throw MLSError(.invalidLeafNodeSource, "UpdatePath leaf must have source commit")
        }
        var tree = self
        let computed = tree.installPath(sender: sender, filtered: filtered, publicKeys: path.nodes.map(\.encryptionKey), provider)
        guard computed == claimed else { throw MLSError(.invalidParentHash, "UpdatePath leaf of \(sender)") }
        tree.setNode(.leaf(path.leafNode), at: sender.nodeIndex)

        var pathKeys = Set([KeyBytes(path.leafNode.encryptionKey)])
        for node in path.nodes {
            guard pathKeys.insert(KeyBytes(node.encryptionKey)).inserted else { throw MLSError(.duplicateEncryptionKey, "within the UpdatePath") }
        }
        let changed = Set([sender.nodeIndex] + filtered.map(\.node))
        if !keysCheckedAgainstTree, let index = tree.firstNode(withEncryptionKeyIn: pathKeys.map(\.bytes), skipping: changed) {
            throw MLSError(.duplicateEncryptionKey, "UpdatePath key already at node \(index.rawValue)")
        }
        tree.cacheTreeHashes(provider)
        self = tree
    }

    /// Blanks the direct path of `sender`, sets the filtered direct path nodes to the given
    /// public keys (no unmerged leaves) with parent hashes chained from the root down, and
    /// returns the parent hash the sender's leaf must carry (RFC 9420 §7.9).
    mutating func installPath(sender: LeafIndex, filtered: [(node: NodeIndex, copathChild: NodeIndex)],
                              publicKeys: [[UInt8]], _ provider: any CipherSuiteProvider) -> [UInt8] {
        blankDirectPath(of: sender)
        for (i, step) in filtered.enumerated() {
            setNode(.parent(ParentNode(encryptionKey: publicKeys[i], parentHash: [], unmergedLeaves: [])), at: step.node)
        }
        var above: [UInt8] = []
        for (i, step) in filtered.enumerated().reversed() {
            if var node = parentNode(at: step.node) {
                node.parentHash = above
                setNode(.parent(node), at: step.node)
            }
            above = parentHash(of: filtered[i].node, sibling: step.copathChild, provider) ?? []
        }
        return above
    }
}
