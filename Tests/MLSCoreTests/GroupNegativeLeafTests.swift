import MLS
import Testing

/// LeafNode rules (RFC 9420 §7.3) on Update proposals: Bob sends a bad Update; Alice's
/// commit leaves it out, and a forged commit covering it is refused by Carol with the rule's
/// code.
@Suite("Group negative: leaf nodes")
struct GroupNegativeLeafTests {
    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    /// Bob proposes `leaf` as his Update; checks that Alice's own commit leaves it out and
    /// returns the code Carol rejects a forged commit covering it with.
    func rejection(_ makeLeaf: (MLSGroup, [MLSGroup]) throws -> LeafNode) throws -> MLSError.Code? {
        var groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob", "carol"])
        let leaf = try makeLeaf(groups[1], groups)
        let proposal = try groups[1].forgeProposal(.update(UpdateProposal(leafNode: leaf)))
        guard case .proposal(let received) = try groups[0].process(proposal) else { return nil }
        _ = try groups[2].process(proposal)
        #expect(try groups[0].commit().stagedCommit.updatedMembers.isEmpty)
        let forged = try groups[0].forgeCommit(Commit(proposals: [.reference(received.reference)], path: try commitBody(of: try emptyCommit(groups[0])).path))
        return GroupTestSupport.code { _ = try groups[2].process(forged) }
    }

    /// An empty commit of `group` (ignoring its pending proposals), for a valid-looking path.
    func emptyCommit(_ group: MLSGroup) throws -> MLSMessage {
        try group.commit(options: CommitOptions(includePendingProposals: false)).commit
    }

    func resign(_ leaf: inout LeafNode, as group: MLSGroup) throws {
        try RatchetTree.sign(
            &leaf, at: group.ownLeafIndex, groupID: group.groupID,
            signaturePrivateKey: group.signer.signaturePrivateKey, try GroupTestSupport.provider(Self.suite)
        )
    }

    @Test func updateKeepsEncryptionKey() throws {
        let receiver = try rejection { bob, _ in
            var leaf = try #require(bob.currentLeaf)
            leaf.source = .update
            try resign(&leaf, as: bob)
            return leaf
        }
        #expect(receiver == .duplicateEncryptionKey)
    }

    @Test func updateWithAnotherMembersSignatureKey() throws {
        let receiver = try rejection { bob, groups in
            var leaf = try #require(bob.currentLeaf)
            leaf.source = .update
            leaf.encryptionKey = try GroupTestSupport.provider(Self.suite).generateKEMKeyPair().publicKey
            leaf.signatureKey = groups[2].signer.signaturePublicKey
            // Signed with Carol's key so that the signature itself verifies.
            try RatchetTree.sign(
                &leaf, at: bob.ownLeafIndex, groupID: bob.groupID,
                signaturePrivateKey: groups[2].signer.signaturePrivateKey, try GroupTestSupport.provider(Self.suite)
            )
            return leaf
        }
        #expect(receiver == .duplicateSignatureKey)
    }

    @Test func updateWithKeyPackageSource() throws {
        let receiver = try rejection { bob, _ in
            var leaf = try #require(bob.currentLeaf)
            leaf.encryptionKey = try GroupTestSupport.provider(Self.suite).generateKEMKeyPair().publicKey
            leaf.source = .keyPackage(Lifetime(notBefore: 0, notAfter: GroupTestSupport.now + 10))
            try resign(&leaf, as: bob)
            return leaf
        }
        #expect(receiver == .invalidLeafNodeSource)
    }

    @Test func updateWithBadSignature() throws {
        let receiver = try rejection { bob, _ in
            var leaf = try #require(bob.currentLeaf)
            leaf.source = .update
            leaf.encryptionKey = try GroupTestSupport.provider(Self.suite).generateKEMKeyPair().publicKey
            try resign(&leaf, as: bob)
            leaf.signature[1] ^= 0x40
            return leaf
        }
        #expect(receiver == .invalidLeafSignature)
    }

    @Test func updateWithUnlistedExtension() throws {
        let receiver = try rejection { bob, _ in
            var leaf = try #require(bob.currentLeaf)
            leaf.source = .update
            leaf.encryptionKey = try GroupTestSupport.provider(Self.suite).generateKEMKeyPair().publicKey
            leaf.extensions = [Extension(extensionType: ExtensionType(rawValue: 0xff05), extensionData: [1])]
            try resign(&leaf, as: bob)
            return leaf
        }
        #expect(receiver == .unsupportedLeafExtension)
    }

    @Test func updateWithoutOwnCredentialType() throws {
        let receiver = try rejection { bob, _ in
            var leaf = try #require(bob.currentLeaf)
            leaf.source = .update
            leaf.encryptionKey = try GroupTestSupport.provider(Self.suite).generateKEMKeyPair().publicKey
            leaf.capabilities.credentials = [.x509]
            try resign(&leaf, as: bob)
            return leaf
        }
        #expect(receiver == .unsupportedCredentialType)
    }
}
