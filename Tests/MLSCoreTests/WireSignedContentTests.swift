import MLS
import MLSTestSupport
import Testing

/// The to-be-signed / to-be-MACed / transcript encodings, checked against the RFC layouts and
/// against real signatures and references from the official vectors.
@Suite struct WireSignedContentTests {
    typealias F = WireFixtures

    @Test func leafNodeTBSDependsOnSource() {
        let keyPackageLeaf = F.leafNode()
        let full = keyPackageLeaf.mlsEncoded
        // For key_package leaves the TBS is the leaf without its signature; group id and index are ignored.
        var signature = MLSWriter()
        signature.writeOpaque(keyPackageLeaf.signature)
        #expect(keyPackageLeaf.toBeSigned(groupID: nil, leafIndex: nil) + signature.bytes == full)
        #expect(keyPackageLeaf.toBeSigned(groupID: [1], leafIndex: LeafIndex(3)) == keyPackageLeaf.toBeSigned(groupID: nil, leafIndex: nil))

        // For update/commit leaves, group_id<V> and uint32 leaf_index follow.
        for source in [LeafNodeSource.update, .commit(parentHash: [7, 7])] {
            let leaf = F.leafNode(source)
            let base = leaf.toBeSigned(groupID: nil, leafIndex: nil)
            #expect(leaf.toBeSigned(groupID: [0xaa, 0xbb], leafIndex: LeafIndex(0x0102_0304)) == base + [2, 0xaa, 0xbb, 1, 2, 3, 4])
            #expect(leaf.toBeSigned(groupID: [0xaa], leafIndex: LeafIndex(1)) != leaf.toBeSigned(groupID: [0xab], leafIndex: LeafIndex(1)))
        }
    }

    @Test func framedContentTBSIncludesContextOnlyForMemberAndNewMemberCommit() {
        let context = F.groupContext.mlsEncoded
        for sender in [Sender.member(LeafIndex(2)), .newMemberCommit, .external(1), .newMemberProposal] {
            let content = F.content(sender == .newMemberCommit ? .commit(F.commit) : .application([5]), sender: sender)
            let prefix: [UInt8] = [0, 1, 0, 2] + content.mlsEncoded
            let tbs = content.toBeSigned(wireFormat: .privateMessage, context: F.groupContext)
            #expect(tbs == (sender.signsGroupContext ? prefix + context : prefix))
            #expect(content.toBeSigned(wireFormat: .publicMessage, context: F.groupContext) != tbs)
        }
    }

    @Test func authenticatedContentTBMAndTranscriptInputs() {
        let body = FramedContent.Body.commit(F.commit)
        let message = F.publicMessage(body)
        let authenticated = message.authenticatedContent
        #expect(authenticated.wireFormat == .publicMessage)
        #expect(authenticated.toBeMACed(context: F.groupContext)
            == message.content.toBeSigned(wireFormat: .publicMessage, context: F.groupContext) + message.auth.mlsEncoded)

        var signature = MLSWriter()
        signature.writeOpaque(message.auth.signature)
        #expect(authenticated.confirmedTranscriptHashInput == [0, 1] + message.content.mlsEncoded + signature.bytes)
        var tag = MLSWriter()
        tag.writeOpaque(message.auth.confirmationTag ?? [])
        #expect(authenticated.interimTranscriptHashInput == tag.bytes)
        #expect(F.publicMessage(.application([1])).authenticatedContent.interimTranscriptHashInput == nil)
    }

    @Test func groupInfoAndKeyPackageTBSAreTheStructWithoutSignature() {
        let info = GroupInfo(
            groupContext: F.groupContext, extensions: [], confirmationTag: F.bytes(32, 1), signer: LeafIndex(4),
            signature: F.bytes(64, 2))
        var signature = MLSWriter()
        signature.writeOpaque(info.signature)
        #expect(info.toBeSigned + signature.bytes == info.mlsEncoded)
        var kpSignature = MLSWriter()
        kpSignature.writeOpaque(F.keyPackage.signature)
        #expect(F.keyPackage.toBeSigned + kpSignature.bytes == F.keyPackage.mlsEncoded)
    }

    /// welcome.json: the KeyPackage's signature verifies over our KeyPackageTBS and LeafNodeTBS,
    /// and its reference is the `new_member` the Welcome addresses.
    @Test func keyPackageSignaturesAndReferenceAgainstWelcomeVectors() throws {
        let crypto = SwiftCryptoProvider()
        var checked = 0
        for entry in try WireFixtures.entries("welcome.json") {
            guard let raw = entry["cipher_suite"] as? Int,
                  let provider = try? crypto.provider(for: CipherSuite(rawValue: UInt16(raw))) else { continue }
            let keyPackageMessage = try MLSMessage(mlsEncoded: try F.hex(entry, "key_package"))
            let welcomeMessage = try MLSMessage(mlsEncoded: try F.hex(entry, "welcome"))
            guard case .keyPackage(let keyPackage) = keyPackageMessage.body,
                  case .welcome(let welcome) = welcomeMessage.body else {
                Issue.record("unexpected wire formats")
                continue
            }
            let leaf = keyPackage.leafNode
            #expect(provider.verifyWithLabel(
                publicKey: leaf.signatureKey, label: KeyPackage.signatureLabel, content: keyPackage.toBeSigned,
                signature: keyPackage.signature))
            #expect(provider.verifyWithLabel(
                publicKey: leaf.signatureKey, label: LeafNode.signatureLabel,
                content: leaf.toBeSigned(groupID: nil, leafIndex: nil), signature: leaf.signature))
            #expect(welcome.secrets(for: keyPackage.reference(provider)) != nil)
            checked += 1
        }
        #expect(checked == 5)
    }
}
