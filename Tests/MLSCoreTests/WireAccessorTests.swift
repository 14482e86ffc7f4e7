import MLS
import Testing

/// The small helpers on wire types that other layers rely on.
@Suite struct WireAccessorTests {
    typealias F = WireFixtures

    @Test func senderPredicatesFollowRFCSelects() {
        // FramedContentTBS includes the context for member and new_member_commit (§6.1);
        // PublicMessage has a membership tag for member only (§6.2).
        #expect(Sender.member(LeafIndex(0)).signsGroupContext)
        #expect(Sender.newMemberCommit.signsGroupContext)
        #expect(!Sender.external(0).signsGroupContext)
        #expect(!Sender.newMemberProposal.signsGroupContext)
        #expect(Sender.member(LeafIndex(0)).hasMembershipTag)
        for sender in [Sender.external(3), .newMemberCommit, .newMemberProposal] {
            #expect(!sender.hasMembershipTag)
        }
        #expect(Sender.member(LeafIndex(7)).mlsEncoded == [1, 0, 0, 0, 7])
        #expect(Sender.external(2).mlsEncoded == [2, 0, 0, 0, 2])
        #expect(Sender.newMemberProposal.mlsEncoded == [3])
        #expect(Sender.newMemberCommit.mlsEncoded == [4])
    }

    @Test func bodyWithoutTypeRoundTrips() throws {
        for body: FramedContent.Body in [.application([1, 2]), .proposal(.remove(RemoveProposal(removed: LeafIndex(1)))), .commit(F.commit)] {
            var writer = MLSWriter()
            body.encodeWithoutType(to: &writer)
            var reader = MLSReader(writer.bytes)
            let decoded = try FramedContent.Body(from: &reader, contentType: body.contentType)
            try reader.finish()
            #expect(decoded == body)
        }
    }

    @Test func nodeAccessors() {
        let leaf = F.leafNode()
        let parent = ParentNode(encryptionKey: [5], parentHash: [6], unmergedLeaves: [LeafIndex(2)])
        #expect(Node.leaf(leaf).leafNode == leaf)
        #expect(Node.leaf(leaf).parentNode == nil)
        #expect(Node.parent(parent).parentNode == parent)
        #expect(Node.parent(parent).leafNode == nil)
        #expect(Node.leaf(leaf).encryptionKey == leaf.encryptionKey)
        #expect(Node.parent(parent).encryptionKey == [5])
    }

    @Test func lifetimeBoundsAreInclusive() {
        let lifetime = Lifetime(notBefore: 10, notAfter: 20)
        #expect(!lifetime.contains(9))
        #expect(lifetime.contains(10))
        #expect(lifetime.contains(20))
        #expect(!lifetime.contains(21))
    }

    @Test func welcomeSecretsByReference() {
        let a = EncryptedGroupSecrets(newMember: [1], encryptedGroupSecrets: HPKECiphertext(kemOutput: [2], ciphertext: [3]))
        let b = EncryptedGroupSecrets(newMember: [4], encryptedGroupSecrets: HPKECiphertext(kemOutput: [5], ciphertext: [6]))
        let welcome = Welcome(cipherSuite: F.suite, secrets: [a, b], encryptedGroupInfo: [7])
        #expect(welcome.secrets(for: [4]) == b)
        #expect(welcome.secrets(for: [9]) == nil)
    }

    @Test func messageAndContentTypes() {
        #expect(MLSMessage(body: .keyPackage(F.keyPackage)).wireFormat == .keyPackage)
        #expect(F.content(.commit(F.commit)).contentType == .commit)
        #expect(Proposal.reInit(ReInitProposal(groupID: [], cipherSuite: F.suite, extensions: [])).proposalType == .reInit)
        #expect(Credential.x509(certificates: [[1]]).credentialType == .x509)
        // Private-use and unknown code points keep their values.
        #expect(ExtensionType(rawValue: 0xff00).mlsEncoded == [0xff, 0x00])
        #expect(WireFormat(rawValue: 9).description == "wire_format(9)")
    }

    @Test func secretsAreNotPrinted() {
        let secrets = GroupSecrets(joinerSecret: SecretBytes([0xde, 0xad, 0xbe, 0xef]), pathSecret: nil, psks: [])
        let printed = String(describing: secrets)
        #expect(!printed.contains("222") && !printed.contains("deadbeef") && !printed.contains("173"))
        #expect(printed.contains("redacted"))
    }
}
