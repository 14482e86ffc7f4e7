import MLSCodec
import MLSCrypto

/// PublicMessage protection (RFC 9420 §6.2): the membership tag over AuthenticatedContentTBM
/// for member senders, and the checks a receiver makes before trusting the content.
extension PublicMessage {
    /// Frames signed content as a PublicMessage, adding the membership tag for a `member`
    /// sender.
    ///
    /// - Parameters:
    ///   - content: signed content whose wire format is `mls_public_message`; a commit must
    ///     already carry its confirmation tag.
    ///   - context: the GroupContext of the current epoch.
    ///   - membershipKey: the epoch's `membership_key`; required for member senders, ignored
    ///     for others.
    /// - Throws: ``MLSError/Code/applicationDataInPublicMessage`` for application data,
    ///   ``MLSError/Code/unexpectedWireFormat``, ``MLSError/Code/wrongGroupID``,
    ///   ``MLSError/Code/wrongEpoch``, the confirmation-tag and sender-type rules.
    public static func protect(
        _ content: AuthenticatedContent,
        context: GroupContext,
        membershipKey: SecretBytes?,
        provider: any CipherSuiteProvider
    ) throws(MLSError) -> PublicMessage {
        if case .application = content.content.body {
            throw MLSError(.applicationDataInPublicMessage, "protect")
        }
        guard content.wireFormat == .publicMessage else { throw MLSError(.unexpectedWireFormat, "content not signed for PublicMessage") }
        try FramingChecks.checkGroupAndEpoch(groupID: content.content.groupID, epoch: content.content.epoch, context: context)
        try content.checkSenderType()
        try content.checkConfirmationTagPresence()
        var tag: [UInt8]? = nil
        if case .member = content.content.sender {
            guard let membershipKey else { throw MLSError(.missingMembershipTag, "no membership key") }
            tag = provider.mac(key: membershipKey, data: content.toBeMACed(context: context))
        }
        return PublicMessage(content: content.content, auth: content.auth, membershipTag: tag)
    }

    /// Checks a received PublicMessage and returns its authenticated content: group id and
    /// epoch, content type (never application data), sender type, confirmation-tag
    /// presence, membership tag (constant-time) for member senders, then the signature.
    ///
    /// The confirmation tag's value is checked by the caller once it has derived the new
    /// epoch (``AuthenticatedContent/verifyConfirmationTag(confirmationKey:confirmedTranscriptHash:provider:)``).
    ///
    /// - Parameters:
    ///   - context: the GroupContext of the epoch the message claims.
    ///   - membershipKey: that epoch's `membership_key`.
    ///   - signatureKey: the sender's signature public key, or nil if the sender is unknown
    ///     (blank leaf, index outside the tree, unknown external sender).
    /// - Throws: ``MLSError/Code/wrongGroupID``, ``MLSError/Code/wrongEpoch``,
    ///   ``MLSError/Code/applicationDataInPublicMessage``, ``MLSError/Code/invalidSenderType``,
    ///   ``MLSError/Code/missingConfirmationTag``, ``MLSError/Code/unexpectedConfirmationTag``,
    ///   ``MLSError/Code/missingMembershipTag``, ``MLSError/Code/unexpectedMembershipTag``,
    ///   ``MLSError/Code/invalidMembershipTag``, ``MLSError/Code/unknownSender``,
    ///   ``MLSError/Code/invalidSignature``.
    public func unprotect(
        context: GroupContext,
        membershipKey: SecretBytes,
        signatureKey: [UInt8]?,
        provider: any CipherSuiteProvider
    ) throws(MLSError) -> AuthenticatedContent {
        try FramingChecks.checkGroupAndEpoch(groupID: content.groupID, epoch: content.epoch, context: context)
        if case .application = content.body {
            throw MLSError(.applicationDataInPublicMessage, "unprotect")
        }
        let authenticated = AuthenticatedContent(wireFormat: .publicMessage, content: content, auth: auth)
        try authenticated.checkSenderType()
        try authenticated.checkConfirmationTagPresence()
        switch (content.sender, membershipTag) {
        case (.member, nil):
            throw MLSError(.missingMembershipTag, "member sender")
        case (.member, let tag?):
            guard provider.verifyMAC(key: membershipKey, data: authenticated.toBeMACed(context: context), tag: tag) else {
                throw MLSError(.invalidMembershipTag, "membership_tag")
            }
        case (_, nil):
            break
        case (_, .some):
            throw MLSError(.unexpectedMembershipTag, "non-member sender")
        }
        guard let signatureKey else { throw MLSError(.unknownSender, "\(content.sender)") }
        try authenticated.verifySignature(publicKey: signatureKey, context: context, provider: provider)
        return authenticated
    }
}
