import MLS
import Testing

/// TreeKEM: UpdatePath creation, merging and decryption (RFC 9420 §7.4-7.6, §12.4.2).
@Suite struct TreeKEMTests {
    @Test("members agree on every commit secret through adds, removes and commits", arguments: TreeSuites.all)
    func lifecycle(_ suite: CipherSuite) throws {
        let provider = try TreeSuites.provider(suite)
        var group = try TreeTestGroup(size: 4, provider)
        let added = try group.add(TreeTestClient("new", provider))
        try group.commit(from: LeafIndex(2), newMembers: [added])
        try group.tree.validate(groupID: group.groupID, provider: provider)
        try group.remove(LeafIndex(1))
        try group.commit(from: LeafIndex(4))
        try group.tree.validate(groupID: group.groupID, provider: provider)
        try group.remove(LeafIndex(4))
        #expect(group.tree.leafCount == 4)
        try group.commit(from: LeafIndex(0))
        try group.tree.validate(groupID: group.groupID, provider: provider)
        for (leaf, state) in group.states { try state.verify(against: group.tree); #expect(state.leafIndex == leaf) }
    }

    @Test("new members are left out of the path's encryptions and get the Welcome path secret")
    func newMembersExcluded() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        var group = try TreeTestGroup(size: 3, provider)
        let added = try group.add(TreeTestClient("new", provider))
        let created = try group.createPath(from: LeafIndex(0), newMembers: [added])
        let total = created.updatePath.nodes.reduce(0) { $0 + $1.encryptedPathSecret.count }
        // Leaf 0 encrypts to leaf 1 and to leaf 2; leaf 3 (new) gets nothing.
        #expect(total == 2)
        #expect(created.pathSecret(forNewMember: added) == created.pathSecrets[NodeIndex(3)])
        // Without the exclusion the merge sees the wrong ciphertext count.
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(created.updatePath, from: LeafIndex(0), newMembers: [], provider) } == .invalidUpdatePath)
        #expect(tree == group.tree)
    }

    @Test("an UpdatePath with the wrong number of nodes is rejected")
    func wrongNodeCount() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 5, provider)
        var path = try group.createPath(from: LeafIndex(1)).updatePath
        path.nodes.removeLast()
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(path, from: LeafIndex(1), newMembers: [], provider) } == .invalidUpdatePath)
        #expect(tree == group.tree)
        var state = try #require(group.states[LeafIndex(0)])
        #expect(treeErrorCode {
            try state.process(path, from: LeafIndex(1), mergedTree: group.tree, newMembers: [], groupContext: [], provider)
        } == .invalidUpdatePath)
    }

    @Test("an UpdatePath node with the wrong number of ciphertexts is rejected")
    func wrongCiphertextCount() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 5, provider)
        var path = try group.createPath(from: LeafIndex(1)).updatePath
        path.nodes[1].encryptedPathSecret.append(path.nodes[1].encryptedPathSecret[0])
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(path, from: LeafIndex(1), newMembers: [], provider) } == .invalidUpdatePath)
    }

    @Test("an UpdatePath leaf with a wrong parent hash is rejected")
    func wrongLeafParentHash() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        var path = try group.createPath(from: LeafIndex(3)).updatePath
        guard case .commit(var hash) = path.leafNode.source else { Issue.record("leaf source is not commit"); return }
        hash[0] ^= 1
        path.leafNode.source = .commit(parentHash: hash)
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(path, from: LeafIndex(3), newMembers: [], provider) } == .invalidParentHash)
        #expect(tree == group.tree)

        // A substituted path key changes the expected parent hash too.
        var substituted = try group.createPath(from: LeafIndex(3)).updatePath
        substituted.nodes[0].encryptionKey = try provider.generateKEMKeyPair().publicKey
        #expect(treeErrorCode { try tree.merge(substituted, from: LeafIndex(3), newMembers: [], provider) } == .invalidParentHash)
    }

    @Test("an UpdatePath leaf whose source is not commit is rejected")
    func wrongLeafSource() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 3, provider)
        var path = try group.createPath(from: LeafIndex(0)).updatePath
        path.leafNode.source = .update
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(path, from: LeafIndex(0), newMembers: [], provider) } == .invalidLeafNodeSource)
    }

    @Test("a path secret that does not derive the path's public key is rejected")
    func publicKeyMismatch() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let sender = LeafIndex(0)
        let created = try group.createPath(from: sender)
        var merged = group.tree
        try merged.merge(created.updatePath, from: sender, newMembers: [], provider)
        let context = group.groupContext(merged.treeHash(provider))
        // The committer encrypts an unrelated secret to leaf 1 (the sole resolution member of
        // the first copath node); keys and parent hashes stay consistent.
        var path = created.updatePath
        let leaf1Key = try #require(group.tree.leafNode(at: LeafIndex(1))?.encryptionKey)
        path.nodes[0].encryptedPathSecret[0] = try provider.encryptWithLabel(
            publicKey: leaf1Key, label: TreeKEM.updatePathNodeLabel, context: context,
            plaintext: provider.randomBytes(provider.hashLength).exposedBytes)
        var state = try #require(group.states[LeafIndex(1)])
        let before = state.nodeKeys.count
        #expect(treeErrorCode {
            try state.process(path, from: sender, mergedTree: merged, newMembers: [], groupContext: context, provider)
        } == .publicKeyMismatch)
        #expect(state.nodeKeys.count == before)
        // Leaf 2 decrypts at the root and is unaffected.
        var other = try #require(group.states[LeafIndex(2)])
        let result = try other.process(path, from: sender, mergedTree: merged, newMembers: [], groupContext: context, provider)
        #expect(result.commitSecret == created.commitSecret)
    }

    @Test("a modified ciphertext or another GroupContext fails decryption")
    func decryptionFailures() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 3, provider)
        let created = try group.createPath(from: LeafIndex(2))
        var merged = group.tree
        try merged.merge(created.updatePath, from: LeafIndex(2), newMembers: [], provider)
        let context = group.groupContext(merged.treeHash(provider))
        var state = try #require(group.states[LeafIndex(0)])
        #expect(treeErrorCode {
            try state.process(created.updatePath, from: LeafIndex(2), mergedTree: merged, newMembers: [], groupContext: context + [0], provider)
        } == .pathSecretDecryptionFailed)
        var tampered = created.updatePath
        tampered.nodes[0].encryptedPathSecret[0].ciphertext[0] ^= 1
        #expect(treeErrorCode {
            try state.process(tampered, from: LeafIndex(2), mergedTree: merged, newMembers: [], groupContext: context, provider)
        } == .pathSecretDecryptionFailed)
        // A member without any key in the resolution cannot decrypt.
        var stranger = try TreeKEMPrivateState(leafIndex: LeafIndex(1), leafPrivateKey: try provider.generateKEMKeyPair().privateKey, provider)
        #expect(treeErrorCode {
            try stranger.process(created.updatePath, from: LeafIndex(2), mergedTree: merged, newMembers: [], groupContext: context, provider)
        } == .pathSecretDecryptionFailed)
        #expect(try state.process(created.updatePath, from: LeafIndex(2), mergedTree: merged, newMembers: [], groupContext: context, provider)
            .commitSecret == created.commitSecret)
    }

    @Test("an UpdatePath that reuses a key already in the tree is rejected")
    func duplicateKeyInPath() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let sender = LeafIndex(0)
        let honest = try group.createPath(from: sender).updatePath
        let reused = try #require(group.tree.leafNode(at: LeafIndex(3))?.encryptionKey)
        var keys = honest.nodes.map(\.encryptionKey)
        keys[keys.count - 1] = reused
        let path = try Self.forge(honest, keys: keys, sender: sender, group: group)
        var tree = group.tree
        #expect(treeErrorCode { try tree.merge(path, from: sender, newMembers: [], provider) } == .duplicateEncryptionKey)
        // The same forgery with fresh keys merges: the rejection above is the duplicate check.
        keys[keys.count - 1] = try provider.generateKEMKeyPair().publicKey
        #expect(treeErrorCode { try tree.merge(try Self.forge(honest, keys: keys, sender: sender, group: group), from: sender, newMembers: [], provider) } == nil)
    }

    @Test("private state rejects path secrets that do not match the tree")
    func privateStateConsistency() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        var state = try #require(group.states[LeafIndex(1)])
        let random = provider.randomBytes(provider.hashLength)
        #expect(treeErrorCode { try state.setPathSecret(random, at: NodeIndex(3), in: group.tree, provider) } == .publicKeyMismatch)
        #expect(treeErrorCode { try state.setPathSecret(random, at: NodeIndex(5), in: group.tree, provider) } == .inconsistentPrivateState)
        #expect(treeErrorCode { try state.installPathSecrets(from: random, at: NodeIndex(1), in: group.tree, provider) } == .publicKeyMismatch)
        let wrongLeaf = try TreeKEMPrivateState(leafIndex: LeafIndex(1), leafPrivateKey: try provider.generateKEMKeyPair().privateKey, provider)
        #expect(treeErrorCode { try wrongLeaf.verify(against: group.tree) } == .inconsistentPrivateState)
        #expect(treeErrorCode { try state.verify(against: group.tree) } == nil)
    }

    @Test("every single-bit change to an UpdatePath is caught by decoding, the leaf signature, merging or some member")
    func updatePathBitFlips() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let sender = LeafIndex(1)
        let created = try group.createPath(from: sender)
        let bytes = created.updatePath.mlsEncoded
        var accepted: [Int] = []
        for index in bytes.indices {
            var mutated = bytes
            mutated[index] ^= UInt8(1) << UInt8(index % 8)
            guard let path = try? UpdatePath(mlsEncoded: mutated),
                  (try? RatchetTree.verifyLeafSignature(path.leafNode, at: sender, groupID: group.groupID, provider)) != nil
            else { continue }
            var merged = group.tree
            guard (try? merged.merge(path, from: sender, newMembers: [], provider)) != nil else { continue }
            let context = group.groupContext(merged.treeHash(provider))
            var everyoneAgrees = true
            for (leaf, _) in group.tree.members where leaf != sender {
                guard var state = group.states[leaf],
                      let result = try? state.process(path, from: sender, mergedTree: merged, newMembers: [], groupContext: context, provider),
                      result.commitSecret == created.commitSecret
                else { everyoneAgrees = false; break }
            }
            if everyoneAgrees { accepted.append(index) }
        }
        #expect(accepted.isEmpty, "accepted flips at \(accepted.prefix(10))")
    }

    /// A committer's UpdatePath with chosen public keys, parent hashes recomputed from them so
    /// that only the key check can catch it; the leaf is re-signed by the committer.
    static func forge(_ honest: UpdatePath, keys: [[UInt8]], sender: LeafIndex, group: TreeTestGroup) throws -> UpdatePath {
        let provider = group.provider
        let filtered = group.tree.filteredDirectPathWithCopath(of: sender)
        var nodes = group.tree.nodes
        for node in group.tree.directPath(of: sender) { nodes[Int(node.rawValue)] = nil }
        var above: [UInt8] = []
        for (i, step) in filtered.enumerated().reversed() {
            nodes[Int(step.node.rawValue)] = .parent(ParentNode(encryptionKey: keys[i], parentHash: above, unmergedLeaves: []))
            var trimmed = nodes
            while let last = trimmed.last, last == nil { trimmed.removeLast() }
            let tree = try RatchetTree(RatchetTreeNodes(nodes: trimmed))
            above = try #require(tree.parentHash(of: step.node, sibling: step.copathChild, provider))
        }
        var path = honest
        path.leafNode.source = .commit(parentHash: above)
        try RatchetTree.sign(&path.leafNode, at: sender, groupID: group.groupID,
                             signaturePrivateKey: try #require(group.signatureKeys[sender]), provider)
        for i in path.nodes.indices { path.nodes[i].encryptionKey = keys[i] }
        return path
    }
}
