import MLS
import Testing

/// Tree validation rules (RFC 9420 §7.1, §7.3, §7.9.2, §12.4.3.1), each broken on purpose.
@Suite struct TreeValidationTests {
    /// A serialized copy of `tree` with `edit` applied to its node list, decoded again.
    static func edited(_ tree: RatchetTree, _ edit: (inout [Node?]) -> Void) throws -> RatchetTree {
        var nodes = tree.serialized.nodes
        edit(&nodes)
        return try RatchetTree(RatchetTreeNodes(nodes: nodes))
    }

    static func editParent(_ nodes: inout [Node?], _ index: Int, _ edit: (inout ParentNode) -> Void) {
        guard case .parent(var parent)? = nodes[index] else { return }
        edit(&parent)
        nodes[index] = .parent(parent)
    }

    @Test("a group built by the tree API validates", arguments: TreeSuites.all)
    func validGroup(_ suite: CipherSuite) throws {
        let provider = try TreeSuites.provider(suite)
        var group = try TreeTestGroup(size: 5, provider)
        try group.tree.validate(groupID: group.groupID, provider: provider)
        // Unmerged leaves and a blank, then another commit: still valid.
        try group.add(TreeTestClient("late", provider))
        try group.remove(LeafIndex(2))
        try group.tree.validate(groupID: group.groupID, provider: provider)
        try group.commit(from: LeafIndex(3))
        try group.tree.validate(groupID: group.groupID, provider: provider)
    }

    @Test("a changed parent_hash field fails parent-hash validation")
    func badParentHash() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let tree = try Self.edited(group.tree) { nodes in
            Self.editParent(&nodes, 1) { $0.parentHash[0] ^= 1 }
        }
        #expect(treeErrorCode { try tree.verifyParentHashes(provider) } == .invalidParentHash)
        #expect(treeErrorCode { try tree.validate(groupID: group.groupID, provider: provider) } == .invalidParentHash)
    }

    @Test("a parent node not linked from below (changed key) fails parent-hash validation")
    func substitutedParentKey() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let root = Int(group.tree.root.rawValue)
        let tree = try Self.edited(group.tree) { nodes in
            Self.editParent(&nodes, root) { $0.encryptionKey = group.tree.leafNode(at: LeafIndex(3))?.encryptionKey ?? [] }
        }
        #expect(treeErrorCode { try tree.verifyParentHashes(provider) } == .invalidParentHash)
    }

    @Test("a leaf signature that does not verify is rejected")
    func badLeafSignature() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 3, provider)
        let tree = try Self.edited(group.tree) { nodes in
            guard case .leaf(var leaf)? = nodes[4] else { return }
            leaf.signature[0] ^= 1
            nodes[4] = .leaf(leaf)
        }
        #expect(treeErrorCode { try tree.validateLeaves(groupID: group.groupID, provider) } == .invalidLeafSignature)
        // The committer's leaf signs the group id: another group id fails.
        #expect(treeErrorCode { try group.tree.validateLeaves(groupID: [1, 2, 3], provider) } == .invalidLeafSignature)
        #expect(treeErrorCode { try group.tree.validateLeaves(groupID: group.groupID, provider) } == nil)
    }

    @Test("a commit leaf signed for another leaf index is rejected")
    func leafIndexBoundInSignature() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 2, provider)
        let leaf = try #require(group.tree.leafNode(at: LeafIndex(0)))
        #expect(treeErrorCode { try RatchetTree.verifyLeafSignature(leaf, at: LeafIndex(0), groupID: group.groupID, provider) } == nil)
        #expect(treeErrorCode { try RatchetTree.verifyLeafSignature(leaf, at: LeafIndex(1), groupID: group.groupID, provider) } == .invalidLeafSignature)
    }

    @Test("duplicate encryption keys across nodes are rejected")
    func duplicateEncryptionKey() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 4, provider)
        let leafKey = try #require(group.tree.leafNode(at: LeafIndex(1))?.encryptionKey)
        let tree = try Self.edited(group.tree) { nodes in Self.editParent(&nodes, 3) { $0.encryptionKey = leafKey } }
        #expect(treeErrorCode { try tree.validateKeyUniqueness() } == .duplicateEncryptionKey)
        #expect(treeErrorCode { try group.tree.validateKeyUniqueness() } == nil)

        // A new leaf reusing a member's encryption key, or the key of the leaf it replaces.
        var client = try TreeTestClient("new", provider)
        client.leaf.encryptionKey = leafKey
        try RatchetTree.sign(&client.leaf, at: LeafIndex(0), groupID: [], signaturePrivateKey: client.signatureKey.privateKey, provider)
        #expect(treeErrorCode { try group.tree.validateLeaf(client.leaf, at: LeafIndex(4), groupID: group.groupID, provider) } == .duplicateEncryptionKey)
        #expect(treeErrorCode { try group.tree.validateLeaf(client.leaf, at: LeafIndex(1), groupID: group.groupID, provider) } == .duplicateEncryptionKey)
    }

    @Test("duplicate signature keys across leaves are rejected")
    func duplicateSignatureKey() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 3, provider)
        let fresh = try TreeTestClient("fresh", provider)
        #expect(treeErrorCode { try group.tree.validateLeaf(fresh.leaf, at: LeafIndex(3), groupID: group.groupID, provider) } == nil)

        // A leaf that copies member 2's signature key (and signs with its private key).
        var copy = try TreeTestClient("copy", provider)
        copy.leaf.signatureKey = try #require(group.tree.leafNode(at: LeafIndex(2))?.signatureKey)
        try RatchetTree.sign(&copy.leaf, at: LeafIndex(0), groupID: [], signaturePrivateKey: try #require(group.signatureKeys[LeafIndex(2)]), provider)
        #expect(treeErrorCode { try group.tree.validateLeaf(copy.leaf, at: LeafIndex(3), groupID: group.groupID, provider) } == .duplicateSignatureKey)
        // Replacing member 2's own leaf with the same signature key is allowed.
        #expect(treeErrorCode { try group.tree.validateLeaf(copy.leaf, at: LeafIndex(2), groupID: group.groupID, provider) } == nil)
    }

    @Test("credential types: a leaf must list its own and support every member's")
    func credentialTypes() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 2, provider)
        let x509Only = try TreeTestClient("x509 only", provider, credentials: [.x509])
        #expect(treeErrorCode { try group.tree.validateLeaf(x509Only.leaf, at: LeafIndex(2), groupID: group.groupID, provider) } == .unsupportedCredentialType)
        let both = try TreeTestClient("both", provider, credentials: [.basic, .x509])
        #expect(treeErrorCode { try group.tree.validateLeaf(both.leaf, at: LeafIndex(2), groupID: group.groupID, provider) } == nil)
    }

    @Test("a non-default leaf extension must be listed in the capabilities")
    func leafExtensions() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 2, provider)
        let custom = ExtensionType(rawValue: 0xFF01)
        let unlisted = try TreeTestClient("unlisted", provider, extensions: [Extension(extensionType: custom, extensionData: [1])])
        #expect(treeErrorCode { try group.tree.validateLeaf(unlisted.leaf, at: LeafIndex(2), groupID: group.groupID, provider) } == .unsupportedLeafExtension)
        let listed = try TreeTestClient("listed", provider, extensions: [Extension(extensionType: custom, extensionData: [1])],
                                        capabilityExtensions: [custom])
        #expect(treeErrorCode { try group.tree.validateLeaf(listed.leaf, at: LeafIndex(2), groupID: group.groupID, provider) } == nil)
    }

    @Test("unmerged leaves: unsorted, outside the subtree, blank, or missing on a node in between")
    func unmergedLeaves() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        var group = try TreeTestGroup(size: 5, provider)
        try group.add(TreeTestClient("f", provider))
        try group.add(TreeTestClient("g", provider))
        // The root (node 7) lists the two new leaves 5 and 6 as unmerged.
        #expect(group.tree.parentNode(at: NodeIndex(7))?.unmergedLeaves == [LeafIndex(5), LeafIndex(6)])
        #expect(treeErrorCode { try group.tree.validateUnmergedLeaves() } == nil)

        let unsorted = try Self.edited(group.tree) { Self.editParent(&$0, 7) { $0.unmergedLeaves.reverse() } }
        #expect(treeErrorCode { try unsorted.validateUnmergedLeaves() } == .invalidUnmergedLeaves)
        let outside = try Self.edited(group.tree) { Self.editParent(&$0, 1) { $0.unmergedLeaves = [LeafIndex(4)] } }
        #expect(treeErrorCode { try outside.validateUnmergedLeaves() } == .invalidUnmergedLeaves)
        let blank = try Self.edited(group.tree) { Self.editParent(&$0, 7) { $0.unmergedLeaves = [LeafIndex(5), LeafIndex(7)] } }
        #expect(treeErrorCode { try blank.validateUnmergedLeaves() } == .invalidUnmergedLeaves)
        // Leaf 0 unmerged at the root but not at nodes 1 and 3 (non-blank, in between).
        let missing = try Self.edited(group.tree) { Self.editParent(&$0, 7) { $0.unmergedLeaves = [LeafIndex(0), LeafIndex(5), LeafIndex(6)] } }
        #expect(treeErrorCode { try missing.validateUnmergedLeaves() } == .invalidUnmergedLeaves)
        #expect(treeErrorCode { try missing.validate(groupID: group.groupID, provider: provider) } == .invalidUnmergedLeaves)
    }

    @Test("tree hashes change with any node and exclude nothing by accident")
    func treeHashSensitivity() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        let group = try TreeTestGroup(size: 3, provider)
        let before = group.tree.treeHash(provider)
        let changed = try Self.edited(group.tree) { Self.editParent(&$0, 1) { $0.parentHash.append(0) } }
        #expect(changed.treeHash(provider) != before)
        #expect(group.tree.treeHashes(provider)[Int(group.tree.root.rawValue)] == before)
        #expect(treeErrorCode { try group.tree.verifyTreeHash(before, provider) } == nil)
        #expect(treeErrorCode { try changed.verifyTreeHash(before, provider) } == .treeHashMismatch)
    }

    @Test("every single-bit change to a valid serialized tree is rejected by decoding or validation")
    func bitFlips() throws {
        let provider = try TreeSuites.provider(TreeSuites.mti)
        var group = try TreeTestGroup(size: 3, provider)
        try group.add(TreeTestClient("unmerged", provider))
        let bytes = group.tree.serialized.mlsEncoded
        try group.tree.validate(groupID: group.groupID, provider: provider)
        var accepted: [Int] = []
        for index in bytes.indices {
            var mutated = bytes
            mutated[index] ^= UInt8(1) << UInt8(index % 8)
            guard let nodes = try? RatchetTreeNodes(mlsEncoded: mutated), let tree = try? RatchetTree(nodes) else { continue }
            if (try? tree.validate(groupID: group.groupID, provider: provider)) != nil { accepted.append(index) }
        }
        #expect(accepted.isEmpty, "accepted flips at \(accepted.prefix(10))")
    }
}
