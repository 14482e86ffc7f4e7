import MLSCrypto

extension TreeKEMPrivateState {
    /// Decrypts and applies an UpdatePath from `sender` (RFC 9420 §7.5 "decrypts the path
    /// secrets"), given `tree`, the tree with `path` already merged
    /// (``RatchetTree/merge(_:from:newMembers:_:)``).
    ///
    /// Finds the node of the sender's filtered direct path whose copath child contains this
    /// member, decrypts the ciphertext addressed to the key this member holds in that child's
    /// resolution (without `newMembers`) with the provisional GroupContext `groupContext`,
    /// derives the path secrets above it, checks every derived public key against `tree`, and
    /// on success replaces the keys of the sender's direct path and drops stale ones.
    public mutating func process(_ path: UpdatePath, from sender: LeafIndex, mergedTree tree: RatchetTree,
                                 newMembers: Set<LeafIndex>, groupContext: [UInt8],
                                 _ provider: any CipherSuiteProvider) throws(MLSError) -> ProcessedUpdatePath {
        guard sender != leafIndex else { throw MLSError(.invalidLeafIndex, "cannot process own UpdatePath") }
        let filtered = tree.filteredDirectPathWithCopath(of: sender)
        guard filtered.count == path.nodes.count else {
            throw MLSError(.invalidUpdatePath, "\(path.nodes.count) nodes for a filtered direct path of \(filtered.count)")
        }
        guard let position = filtered.firstIndex(where: { TreeMath.isInSubtree(leafIndex.nodeIndex, of: $0.copathChild) }) else {
            throw MLSError(.pathSecretDecryptionFailed, "\(leafIndex) is under no copath node of \(sender)")
        }
        let step = filtered[position]
        let resolution = tree.resolution(of: step.copathChild, excluding: newMembers)
        let ciphertexts = path.nodes[position].encryptedPathSecret
        guard ciphertexts.count == resolution.count else {
            throw MLSError(.invalidUpdatePath, "ciphertext count at \(step.node)")
        }
        guard let slot = resolution.firstIndex(where: { privateKey(for: $0, in: tree) != nil }),
              let key = privateKey(for: resolution[slot], in: tree)
        else { throw MLSError(.pathSecretDecryptionFailed, "no key held in the resolution of \(step.copathChild)") }

        let plaintext: [UInt8]
        do {
            plaintext = try provider.decryptWithLabel(privateKey: key, label: TreeKEM.updatePathNodeLabel,
                                                      context: groupContext, ciphertext: ciphertexts[slot])
        } catch {
            throw MLSError(.pathSecretDecryptionFailed, "at \(step.node): \(error.code)")
        }
        let pathSecret = SecretBytes(plaintext)
        var updated = self
        for node in tree.directPath(of: sender) { updated.nodeKeys[node] = nil }
        let commitSecret = try updated.installPathSecrets(from: pathSecret, at: step.node, in: tree, provider)
        updated.prune(to: tree)
        self = updated
        return ProcessedUpdatePath(decryptedNode: step.node, pathSecret: pathSecret, commitSecret: commitSecret)
    }
}
