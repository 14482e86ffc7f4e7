import MLSCodec
import MLSCrypto

/// Content authentication (RFC 9420 §6.1): the FramedContentTBS signature and the
/// confirmation tag rules.
extension AuthenticatedContent {
    /// Signs `content` for sending as `wireFormat` (SignWithLabel(., "FramedContentTBS",
    /// FramedContentTBS)). The GroupContext is covered for `member` and `new_member_commit`
    /// senders.
    ///
    /// A commit's confirmation tag depends on the transcript hash over this signature, so it
    /// is attached afterwards with ``withConfirmationTag(_:)``; protecting a commit without
    /// one fails with ``MLSError/Code/missingConfirmationTag``.
    public static func sign(
        content: FramedContent,
        wireFormat: WireFormat,
        context: GroupContext,
        signaturePrivateKey: SecretBytes,
        provider: any CipherSuiteProvider
    ) throws -> AuthenticatedContent {
        // SignWithLabel(., "FramedContentTBS", tbs), with SignContent built in one buffer.
        let signature = try provider.sign(content.signContent(wireFormat: wireFormat, context: context), privateKey: signaturePrivateKey)
        return AuthenticatedContent(
            wireFormat: wireFormat, content: content,
            auth: FramedContentAuthData(signature: signature, confirmationTag: nil)
        )
    }

    /// A copy carrying `confirmationTag` (a commit's `MAC(confirmation_key,
    /// confirmed_transcript_hash)` of the new epoch).
    public func withConfirmationTag(_ confirmationTag: [UInt8]) -> AuthenticatedContent {
        AuthenticatedContent(
            wireFormat: wireFormat, content: content,
            auth: FramedContentAuthData(signature: auth.signature, confirmationTag: confirmationTag)
        )
    }

    /// Checks the signature with the sender's signature key (§6.1).
    ///
    /// - Throws: ``MLSError/Code/invalidSignature``.
    public func verifySignature(publicKey: [UInt8], context: GroupContext, provider: any CipherSuiteProvider) throws(MLSError) {
        // VerifyWithLabel(., "FramedContentTBS", tbs, signature), with SignContent built in one buffer.
        let signContent = content.signContent(wireFormat: wireFormat, context: context)
        guard provider.verify(auth.signature, message: signContent, publicKey: publicKey) else {
            throw MLSError(.invalidSignature, "FramedContentTBS")
        }
    }

    /// A commit carries a confirmation tag; proposals and application messages do not (§6.1).
    ///
    /// - Throws: ``MLSError/Code/missingConfirmationTag`` or
    ///   ``MLSError/Code/unexpectedConfirmationTag``.
    public func checkConfirmationTagPresence() throws(MLSError) {
        switch (content.body.contentType, auth.confirmationTag) {
        case (.commit, nil): throw MLSError(.missingConfirmationTag, "commit")
        case (.commit, _), (_, nil): return
        default: throw MLSError(.unexpectedConfirmationTag, "non-commit content")
        }
    }

    /// Checks `confirmation_tag == MAC(confirmation_key, confirmed_transcript_hash)` in
    /// constant time, with the new epoch's key and transcript hash (§6.1, §8.1).
    ///
    /// - Throws: ``MLSError/Code/missingConfirmationTag`` or ``MLSError/Code/invalidConfirmationTag``.
    public func verifyConfirmationTag(
        confirmationKey: SecretBytes,
        confirmedTranscriptHash: [UInt8],
        provider: any CipherSuiteProvider
    ) throws(MLSError) {
        guard let tag = auth.confirmationTag else { throw MLSError(.missingConfirmationTag, "commit") }
        try KeySchedule(provider: provider).verifyConfirmationTag(
            tag, confirmationKey: confirmationKey, confirmedTranscriptHash: confirmedTranscriptHash
        )
    }

    /// The sender types a content type may use (§6.1): an external sender only proposes, and
    /// only the proposal types §12.1.8.1 allows it (add, remove, psk, reinit,
    /// group_context_extensions); a `new_member_proposal` only proposes an Add; a
    /// `new_member_commit` only commits.
    ///
    /// - Throws: ``MLSError/Code/invalidSenderType``,
    ///   ``MLSError/Code/proposalTypeNotAllowedForExternalSender``.
    public func checkSenderType() throws(MLSError) {
        switch content.sender {
        case .member:
            return
        case .external:
            guard case .proposal(let proposal) = content.body else { throw MLSError(.invalidSenderType, "external sender must propose") }
            switch proposal {
            case .add, .remove, .preSharedKey, .reInit, .groupContextExtensions:
                return
            case .update, .externalInit:
                throw MLSError(.proposalTypeNotAllowedForExternalSender, "proposal type \(proposal.proposalType.rawValue)")
            }
        case .newMemberProposal:
            guard case .proposal(let proposal) = content.body, case .add = proposal else {
                throw MLSError(.invalidSenderType, "new_member_proposal must propose an Add")
            }
        case .newMemberCommit:
            guard case .commit = content.body else { throw MLSError(.invalidSenderType, "new_member_commit must commit") }
        }
    }
}
