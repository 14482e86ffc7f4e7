import MLS

/// `message-protection.json`: PublicMessage and PrivateMessage protection (RFC 9420 §6).
///
/// For each of the proposal, the commit and the application data, with leaf 1 of a
/// two-member group as the sender: unprotect the given PublicMessage (not for application
/// data) and PrivateMessage and match the content; protect the raw content ourselves and
/// unprotect it again; protecting application data as a PublicMessage must fail.
struct MessageProtectionVectors: VectorFamily {
    let name = "message-protection"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("application_priv") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let groupContext = GroupContext(
            version: .mls10, cipherSuite: suite, groupID: try entry.hex("group_id"), epoch: try entry.uint64("epoch"),
            treeHash: try entry.hex("tree_hash"), confirmedTranscriptHash: try entry.hex("confirmed_transcript_hash"),
            extensions: []
        )
        let fixture = Fixture(
            provider: provider, groupContext: groupContext,
            signaturePrivateKey: SecretBytes(VectorEntry.fullLengthScalar(try entry.hex("signature_priv"), suite: suite)),
            signaturePublicKey: try entry.hex("signature_pub"),
            encryptionSecret: SecretBytes(try entry.hex("encryption_secret")),
            senderDataSecret: SecretBytes(try entry.hex("sender_data_secret")),
            membershipKey: SecretBytes(try entry.hex("membership_key"))
        )

        let proposal = FramedContent.Body.proposal(try Proposal(mlsEncoded: try entry.hex("proposal")))
        let commit = FramedContent.Body.commit(try Commit(mlsEncoded: try entry.hex("commit")))
        let application = FramedContent.Body.application(try entry.hex("application"))

        for (label, body) in [("proposal", proposal), ("commit", commit)] {
            try fixture.checkPublic(try entry.hex("\(label)_pub"), expected: body, what: label)
            try fixture.checkPublicRoundTrip(body, what: label)
        }
        try fixture.checkApplicationRejectedAsPublic(application)
        for (label, body) in [("proposal", proposal), ("commit", commit), ("application", application)] {
            try fixture.checkPrivate(try entry.hex("\(label)_priv"), expected: body, what: label)
            try fixture.checkPrivateRoundTrip(body, what: label)
        }
    }

    private struct Fixture {
        let provider: any CipherSuiteProvider
        let groupContext: GroupContext
        let signaturePrivateKey: SecretBytes
        let signaturePublicKey: [UInt8]
        let encryptionSecret: SecretBytes
        let senderDataSecret: SecretBytes
        let membershipKey: SecretBytes
        let sender = LeafIndex(1)

        /// Fresh epoch keys: a secret tree for two members, leaf 1 known with signature_pub.
        func keys() throws -> EpochProtectionKeys {
            let publicKey = signaturePublicKey
            let sender = self.sender
            return EpochProtectionKeys(
                groupContext: groupContext, membershipKey: membershipKey, senderDataSecret: senderDataSecret,
                secretTree: try SecretTree(encryptionSecret: encryptionSecret, leafCount: 2, provider: provider),
                memberSignatureKey: { $0 == sender ? publicKey : nil }
            )
        }

        func sign(_ body: FramedContent.Body, wireFormat: WireFormat) throws -> AuthenticatedContent {
            let content = FramedContent(
                groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(sender),
                authenticatedData: [], body: body
            )
            var signed = try AuthenticatedContent.sign(
                content: content, wireFormat: wireFormat, context: groupContext,
                signaturePrivateKey: signaturePrivateKey, provider: provider
            )
            if case .commit = body {
                // Any tag will do: the vector checks framing, not the new epoch.
                signed = signed.withConfirmationTag(provider.mac(key: membershipKey, data: groupContext.confirmedTranscriptHash))
            }
            return signed
        }

        func expectBody(_ content: AuthenticatedContent, _ expected: FramedContent.Body, _ what: String) throws {
            try VectorEntry.expectEqual(content.content.body, expected, "\(what) content")
            try VectorEntry.expectEqual(content.content.sender, .member(sender), "\(what) sender")
        }

        func checkPublic(_ bytes: [UInt8], expected: FramedContent.Body, what: String) throws {
            var keys = try keys()
            let content = try keys.unprotect(try MLSMessage(mlsEncoded: bytes), provider: provider)
            try expectBody(content, expected, "\(what)_pub")
        }

        func checkPublicRoundTrip(_ body: FramedContent.Body, what: String) throws {
            var keys = try keys()
            let message = try keys.protect(try sign(body, wireFormat: .publicMessage), provider: provider)
            let reparsed = try MLSMessage(mlsEncoded: message.mlsEncoded)
            try expectBody(try keys.unprotect(reparsed, provider: provider), body, "protected \(what) PublicMessage")
        }

        func checkApplicationRejectedAsPublic(_ body: FramedContent.Body) throws {
            var keys = try keys()
            do {
                _ = try keys.protect(try sign(body, wireFormat: .publicMessage), provider: provider)
            } catch let error as MLSError where error.code == .applicationDataInPublicMessage {
                return
            }
            throw VectorFailure("application data was protected as a PublicMessage")
        }

        func checkPrivate(_ bytes: [UInt8], expected: FramedContent.Body, what: String) throws {
            var keys = try keys()
            let content = try keys.unprotect(try MLSMessage(mlsEncoded: bytes), provider: provider)
            try expectBody(content, expected, "\(what)_priv")
        }

        func checkPrivateRoundTrip(_ body: FramedContent.Body, what: String) throws {
            var senderKeys = try keys()
            let message = try senderKeys.protect(try sign(body, wireFormat: .privateMessage), provider: provider)
            var receiverKeys = try keys()
            let reparsed = try MLSMessage(mlsEncoded: message.mlsEncoded)
            try expectBody(try receiverKeys.unprotect(reparsed, provider: provider), body, "protected \(what) PrivateMessage")
        }
    }
}
