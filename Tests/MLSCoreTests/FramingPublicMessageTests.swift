import MLS
import Testing

/// PublicMessage protection (RFC 9420 §6.1, §6.2): every rejection rule with its exact code.
@Suite struct FramingPublicMessageTests {
    @Test("proposal and commit round-trip through PublicMessage", arguments: FramingFixture.suites)
    func roundTrip(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        for body in [f.proposalBody, f.commitBody] {
            var keys = try f.keys()
            let message = try keys.protect(try f.signed(body, wireFormat: .publicMessage), provider: f.provider)
            guard case .publicMessage(let pub) = message.body else { Issue.record("not a PublicMessage"); return }
            #expect(pub.membershipTag != nil)
            let opened = try keys.unprotect(try MLSMessage(mlsEncoded: message.mlsEncoded), provider: f.provider)
            #expect(opened.content.body == body)
            #expect(opened.content.sender == .member(f.sender))
            #expect(opened.wireFormat == .publicMessage)
        }
    }

    @Test("application data is never sent as PublicMessage", arguments: FramingFixture.suites)
    func applicationRejectedOnSend(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        let signed = try f.signed(f.applicationBody, wireFormat: .publicMessage)
        expectMLSError(.applicationDataInPublicMessage) { try keys.protect(signed, provider: f.provider) }
    }

    @Test("application data received as PublicMessage is rejected", arguments: FramingFixture.suites)
    func applicationRejectedOnReceive(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        let signed = try f.signed(f.applicationBody, wireFormat: .publicMessage)
        // Build the message by hand, tag included, as a misbehaving sender would.
        let tag = f.provider.mac(key: f.membershipKey, data: signed.toBeMACed(context: f.groupContext))
        let message = MLSMessage(version: .mls10, body: .publicMessage(PublicMessage(content: signed.content, auth: signed.auth, membershipTag: tag)))
        expectMLSError(.applicationDataInPublicMessage) { try keys.unprotect(message, provider: f.provider) }
    }

    @Test("a signature by another key is rejected", arguments: FramingFixture.suites)
    func badSignature(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        // Leaf 1 claims the message but leaf 0's key signed it; the membership tag is valid.
        let message = try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, signer: 0), provider: f.provider)
        expectMLSError(.invalidSignature) { try keys.unprotect(message, provider: f.provider) }
    }

    @Test("a signature over another wire format is rejected", arguments: FramingFixture.suites)
    func signatureBindsWireFormat(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let signed = try f.signed(f.proposalBody, wireFormat: .privateMessage)
        let relabelled = AuthenticatedContent(wireFormat: .publicMessage, content: signed.content, auth: signed.auth)
        let pub = try PublicMessage.protect(relabelled, context: f.groupContext, membershipKey: f.membershipKey, provider: f.provider)
        expectMLSError(.invalidSignature) {
            try pub.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
    }

    @Test("a modified membership tag is rejected", arguments: FramingFixture.suites)
    func badMembershipTag(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let pub = try PublicMessage.protect(
            try f.signed(f.proposalBody, wireFormat: .publicMessage), context: f.groupContext,
            membershipKey: f.membershipKey, provider: f.provider
        )
        var tag = try #require(pub.membershipTag)
        tag[tag.count - 1] ^= 0x01
        let tampered = PublicMessage(content: pub.content, auth: pub.auth, membershipTag: tag)
        expectMLSError(.invalidMembershipTag) {
            try tampered.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
        // A truncated tag, and the right tag under another membership key, fail the same way.
        let truncated = PublicMessage(content: pub.content, auth: pub.auth, membershipTag: Array(tag.dropLast()))
        expectMLSError(.invalidMembershipTag) {
            try truncated.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
        expectMLSError(.invalidMembershipTag) {
            try pub.unprotect(context: f.groupContext, membershipKey: f.provider.randomBytes(f.provider.hashLength), signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
    }

    @Test("a member's PublicMessage without membership tag is rejected", arguments: FramingFixture.suites)
    func missingMembershipTag(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let signed = try f.signed(f.proposalBody, wireFormat: .publicMessage)
        let untagged = PublicMessage(content: signed.content, auth: signed.auth, membershipTag: nil)
        expectMLSError(.missingMembershipTag) {
            try untagged.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
    }

    @Test("a non-member's PublicMessage with a membership tag is rejected", arguments: FramingFixture.suites)
    func unexpectedMembershipTag(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let signed = try f.signed(f.proposalBody, wireFormat: .publicMessage, sender: .external(0))
        let untagged = try PublicMessage.protect(signed, context: f.groupContext, membershipKey: f.membershipKey, provider: f.provider)
        #expect(untagged.membershipTag == nil)
        // Without a tag it verifies with the external sender's key...
        let opened = try untagged.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        #expect(opened.content.sender == .external(0))
        // ...with one it is malformed.
        let tagged = PublicMessage(content: signed.content, auth: signed.auth, membershipTag: f.confirmationTag)
        expectMLSError(.unexpectedMembershipTag) {
            try tagged.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
    }

    @Test("wrong group id and wrong epoch are rejected on both sides", arguments: FramingFixture.suites)
    func wrongGroupAndEpoch(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        expectMLSError(.wrongGroupID) {
            try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, groupID: Array("other".utf8)), provider: f.provider)
        }
        expectMLSError(.wrongEpoch) {
            try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, epoch: f.groupContext.epoch + 1), provider: f.provider)
        }
        let message = try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage), provider: f.provider)
        var otherGroup = keys
        otherGroup.groupContext = GroupContext(
            version: .mls10, cipherSuite: suite, groupID: Array("other".utf8), epoch: f.groupContext.epoch,
            treeHash: f.groupContext.treeHash, confirmedTranscriptHash: f.groupContext.confirmedTranscriptHash, extensions: []
        )
        expectMLSError(.wrongGroupID) { try otherGroup.unprotect(message, provider: f.provider) }
        var nextEpoch = keys
        nextEpoch.groupContext = GroupContext(
            version: .mls10, cipherSuite: suite, groupID: f.groupContext.groupID, epoch: f.groupContext.epoch + 1,
            treeHash: f.groupContext.treeHash, confirmedTranscriptHash: f.groupContext.confirmedTranscriptHash, extensions: []
        )
        expectMLSError(.wrongEpoch) { try nextEpoch.unprotect(message, provider: f.provider) }
    }

    @Test("a sender whose leaf is blank or outside the tree is rejected", arguments: FramingFixture.suites)
    func unknownSender(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var sendingKeys = try f.keys()
        let message = try sendingKeys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage), provider: f.provider)
        var receivingKeys = try f.keys(knownLeaves: [0])
        expectMLSError(.unknownSender) { try receivingKeys.unprotect(message, provider: f.provider) }
        // An external sender index with no external_senders extension is unknown too.
        let external = try sendingKeys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, sender: .external(3)), provider: f.provider)
        expectMLSError(.unknownSender) { try receivingKeys.unprotect(external, provider: f.provider) }
    }

    @Test("confirmation tag presence: commits need one, other content must not have one", arguments: FramingFixture.suites)
    func confirmationTagPresence(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        let untaggedCommit = try f.signed(f.commitBody, wireFormat: .publicMessage, withTag: false)
        expectMLSError(.missingConfirmationTag) { try keys.protect(untaggedCommit, provider: f.provider) }
        let tag = f.provider.mac(key: f.membershipKey, data: untaggedCommit.toBeMACed(context: f.groupContext))
        let received = PublicMessage(content: untaggedCommit.content, auth: untaggedCommit.auth, membershipTag: tag)
        expectMLSError(.missingConfirmationTag) {
            try received.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }

        let taggedProposal = try f.signed(f.proposalBody, wireFormat: .publicMessage).withConfirmationTag(f.confirmationTag)
        expectMLSError(.unexpectedConfirmationTag) { try keys.protect(taggedProposal, provider: f.provider) }
        let taggedPrivate = try f.signed(f.applicationBody, wireFormat: .privateMessage).withConfirmationTag(f.confirmationTag)
        expectMLSError(.unexpectedConfirmationTag) { try keys.protect(taggedPrivate, provider: f.provider) }
    }

    @Test("the confirmation tag value is checked against the confirmation key", arguments: FramingFixture.suites)
    func confirmationTagValue(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let confirmationKey = f.provider.randomBytes(f.provider.hashLength)
        let transcript = f.groupContext.confirmedTranscriptHash
        let good = f.provider.mac(key: confirmationKey, data: transcript)
        let commit = try f.signed(f.commitBody, wireFormat: .publicMessage, withTag: false)
        try commit.withConfirmationTag(good).verifyConfirmationTag(confirmationKey: confirmationKey, confirmedTranscriptHash: transcript, provider: f.provider)
        var bad = good
        bad[0] ^= 0x80
        expectMLSError(.invalidConfirmationTag) {
            try commit.withConfirmationTag(bad).verifyConfirmationTag(confirmationKey: confirmationKey, confirmedTranscriptHash: transcript, provider: f.provider)
        }
        expectMLSError(.missingConfirmationTag) {
            try commit.verifyConfirmationTag(confirmationKey: confirmationKey, confirmedTranscriptHash: transcript, provider: f.provider)
        }
    }

    @Test("sender types are limited by content type", arguments: FramingFixture.suites)
    func senderTypes(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        var keys = try f.keys()
        expectMLSError(.invalidSenderType) {
            try keys.protect(try f.signed(f.commitBody, wireFormat: .publicMessage, sender: .external(0)), provider: f.provider)
        }
        expectMLSError(.invalidSenderType) {
            try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, sender: .newMemberProposal), provider: f.provider)
        }
        expectMLSError(.invalidSenderType) {
            try keys.protect(try f.signed(f.proposalBody, wireFormat: .publicMessage, sender: .newMemberCommit), provider: f.provider)
        }
        expectMLSError(.invalidSenderType) {
            try keys.protect(try f.signed(f.proposalBody, wireFormat: .privateMessage, sender: .external(0)), provider: f.provider)
        }
        // External senders may not propose external_init (nor update): malformed on both sides.
        let externalInit = FramedContent.Body.proposal(.externalInit(ExternalInitProposal(kemOutput: [1, 2, 3])))
        let signed = try f.signed(externalInit, wireFormat: .publicMessage, sender: .external(0))
        expectMLSError(.proposalTypeNotAllowedForExternalSender) { try keys.protect(signed, provider: f.provider) }
        let received = PublicMessage(content: signed.content, auth: signed.auth, membershipTag: nil)
        expectMLSError(.proposalTypeNotAllowedForExternalSender) {
            try received.unprotect(context: f.groupContext, membershipKey: f.membershipKey, signatureKey: f.signatureKeys[1].publicKey, provider: f.provider)
        }
    }

    @Test("proposal references hash the whole AuthenticatedContent", arguments: FramingFixture.suites)
    func proposalReference(suite: CipherSuite) throws {
        let f = try FramingFixture(suite: suite)
        let a = try f.signed(f.proposalBody, wireFormat: .publicMessage)
        let b = try f.signed(f.proposalBody, wireFormat: .privateMessage)
        let refA = Proposal.reference(f.provider, authenticatedContent: a)
        #expect(refA.count == f.provider.hashLength)
        #expect(refA == f.provider.refHash(label: "MLS 1.0 Proposal Reference", value: a.mlsEncoded))
        #expect(refA != Proposal.reference(f.provider, authenticatedContent: b))
    }
}
