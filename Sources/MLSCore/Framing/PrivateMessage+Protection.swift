import MLSCodec
import MLSCrypto

/// PrivateMessage protection (RFC 9420 §6.3): content encryption under the sender's ratchet
/// key with the reuse guard, and sender data encryption under keys derived from the
/// sender-data secret and a sample of the content ciphertext.
extension PrivateMessage {
    /// Encrypts signed content as a PrivateMessage with the next generation of the sender's
    /// handshake or application ratchet.
    ///
    /// - Parameters:
    ///   - content: content signed for `mls_private_message` by a `member` sender; a commit
    ///     must already carry its confirmation tag.
    ///   - keys: the epoch's keys; the sender's ratchet advances only if encryption succeeds.
    ///   - padding: how much zero padding to add to the plaintext.
    /// - Throws: ``MLSError/Code/unexpectedWireFormat``, ``MLSError/Code/invalidSenderType``,
    ///   ``MLSError/Code/wrongGroupID``, ``MLSError/Code/wrongEpoch``, the confirmation-tag
    ///   rules, ratchet errors of the secret tree, and `CryptoError` from the AEAD.
    public static func protect(
        _ content: AuthenticatedContent,
        keys: inout EpochProtectionKeys,
        padding: PaddingPolicy = .none,
        provider: any CipherSuiteProvider
    ) throws -> PrivateMessage {
        guard content.wireFormat == .privateMessage else { throw MLSError(.unexpectedWireFormat, "content not signed for PrivateMessage") }
        guard case .member(let leaf) = content.content.sender else {
            throw MLSError(.invalidSenderType, "PrivateMessage sender must be a member")
        }
        try FramingChecks.checkGroupAndEpoch(groupID: content.content.groupID, epoch: content.content.epoch, context: keys.groupContext)
        try content.checkConfirmationTagPresence()

        var tree = keys.secretTree
        let ratchet = try tree.nextKey(for: leaf, kind: SecretTree.RatchetKind(content.content.body.contentType))
        // A fresh random guard per message (§6.3.1), so a generation reused after state loss
        // still gets a distinct nonce.
        let guardBytes = provider.randomBytes(SenderData.reuseGuardLength).exposedBytes
        let nonce = try ratchet.nonce(reuseGuard: guardBytes)

        // The PrivateMessageContent is encoded once, into a buffer with room for the padding
        // (at most blockSize - 1 bytes), which is then appended in place.
        let plaintextContent = PrivateMessageContent(body: content.content.body, auth: content.auth)
        var plaintext = plaintextContent.unpaddedEncoding(reservingExtra: padding.blockSize - 1)
        let paddingLength = padding.paddingLength(forContentLength: plaintext.count)
        guard plaintext.count + paddingLength <= MLSLimits.maxMessageLength else {
            throw MLSError(.invalidPaddingPolicy, "message too long")
        }
        PrivateMessageContent.appendPadding(paddingLength, to: &plaintext)

        var message = PrivateMessage(
            groupID: content.content.groupID,
            epoch: content.content.epoch,
            contentType: content.content.body.contentType,
            authenticatedData: content.content.authenticatedData,
            encryptedSenderData: [],
            ciphertext: []
        )
        message.ciphertext = try provider.seal(
            key: ratchet.key,
            nonce: nonce,
            aad: PrivateContentAAD(message).mlsEncoded,
            plaintext: plaintext
        )

        let senderData = SenderData(leafIndex: leaf, generation: ratchet.generation, reuseGuard: guardBytes)
        let senderDataKey = try SenderDataKeys(senderDataSecret: keys.senderDataSecret, ciphertext: message.ciphertext, provider: provider)
        message.encryptedSenderData = try provider.seal(
            key: senderDataKey.key,
            nonce: senderDataKey.nonce.exposedBytes,
            aad: SenderDataAAD(message).mlsEncoded,
            plaintext: senderData.mlsEncoded
        )
        keys.secretTree = tree
        return message
    }

    /// Decrypts and authenticates a received PrivateMessage: group id and epoch, sender data
    /// (the sender must be a member with a non-blank leaf), content under the key of the
    /// sender's generation, padding, confirmation-tag presence, then the signature.
    ///
    /// Nothing in `keys` changes unless every check passes; then the consumed ratchet key is
    /// deleted from the secret tree.
    ///
    /// - Throws: ``MLSError/Code/wrongGroupID``, ``MLSError/Code/wrongEpoch``,
    ///   ``MLSError/Code/senderDataDecryptionFailed``, ``MLSError/Code/unknownSender``,
    ///   ``MLSError/Code/contentDecryptionFailed``, ``MLSError/Code/invalidPadding``,
    ///   ``MLSError/Code/invalidSignature``, and the secret tree's ratchet errors (a
    ///   generation too far ahead, or one already used).
    public func unprotect(keys: inout EpochProtectionKeys, provider: any CipherSuiteProvider) throws -> AuthenticatedContent {
        try FramingChecks.checkGroupAndEpoch(groupID: groupID, epoch: epoch, context: keys.groupContext)

        // Sender data (§6.3.2).
        let senderDataKey = try SenderDataKeys(senderDataSecret: keys.senderDataSecret, ciphertext: ciphertext, provider: provider)
        let senderData: SenderData
        do {
            let plaintext = try provider.open(
                key: senderDataKey.key, nonce: senderDataKey.nonce.exposedBytes,
                aad: SenderDataAAD(self).mlsEncoded, ciphertext: encryptedSenderData
            )
            senderData = try SenderData(mlsEncoded: plaintext)
        } catch {
            throw MLSError(.senderDataDecryptionFailed, "encrypted_sender_data")
        }
        guard senderData.reuseGuard.count == SenderData.reuseGuardLength else { throw MLSError(.invalidReuseGuard, "reuse_guard") }
        guard let signatureKey = keys.memberSignatureKey(senderData.leafIndex) else {
            throw MLSError(.unknownSender, "\(senderData.leafIndex)")
        }

        // Content (§6.3.1), on a copy of the tree so a failure consumes nothing.
        var tree = keys.secretTree
        let ratchet = try tree.key(for: senderData.leafIndex, kind: SecretTree.RatchetKind(contentType), generation: senderData.generation)
        let nonce = try ratchet.nonce(reuseGuard: senderData.reuseGuard)
        let plaintext: [UInt8]
        do {
            plaintext = try provider.open(
                key: ratchet.key,
                nonce: nonce,
                aad: PrivateContentAAD(self).mlsEncoded,
                ciphertext: ciphertext
            )
        } catch {
            throw MLSError(.contentDecryptionFailed, "ciphertext")
        }
        let decoded: PrivateMessageContent
        do {
            decoded = try PrivateMessageContent(decoding: plaintext, contentType: contentType)
        } catch let error as MLSError {
            throw error
        } catch {
            throw MLSError(.contentDecryptionFailed, "malformed PrivateMessageContent")
        }

        let authenticated = AuthenticatedContent(
            wireFormat: .privateMessage,
            content: FramedContent(
                groupID: groupID, epoch: epoch, sender: .member(senderData.leafIndex),
                authenticatedData: authenticatedData, body: decoded.body
            ),
            auth: decoded.auth
        )
        try authenticated.checkConfirmationTagPresence()
        try authenticated.verifySignature(publicKey: signatureKey, context: keys.groupContext, provider: provider)
        keys.secretTree = tree
        return authenticated
    }
}
