import MLSCrypto

/// GroupInfo signatures (RFC 9420 §12.4.3): SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)
/// with the signer's leaf signature key.
extension GroupInfo {
    /// Builds and signs a GroupInfo.
    public static func sign(
        groupContext: GroupContext,
        extensions: [Extension],
        confirmationTag: [UInt8],
        signer: LeafIndex,
        signaturePrivateKey: SecretBytes,
        provider: any CipherSuiteProvider
    ) throws -> GroupInfo {
        var info = GroupInfo(
            groupContext: groupContext, extensions: extensions, confirmationTag: confirmationTag,
            signer: signer, signature: []
        )
        info.signature = try provider.signWithLabel(privateKey: signaturePrivateKey, label: signatureLabel, content: info.toBeSigned)
        return info
    }

    /// Checks the signature with the public key of the leaf at `signer` (the caller takes it
    /// from the ratchet tree; a blank leaf has no key and must be rejected before this).
    ///
    /// - Throws: ``MLSError/Code/invalidGroupInfoSignature``.
    public func verifySignature(publicKey: [UInt8], provider: any CipherSuiteProvider) throws(MLSError) {
        guard provider.verifyWithLabel(publicKey: publicKey, label: Self.signatureLabel, content: toBeSigned, signature: signature) else {
            throw MLSError(.invalidGroupInfoSignature, "signer \(signer.rawValue)")
        }
    }

    /// Checks `confirmation_tag == MAC(confirmation_key, confirmed_transcript_hash)` with the
    /// epoch's confirmation key (§12.4.3.1).
    ///
    /// - Throws: ``MLSError/Code/invalidConfirmationTag``.
    public func verifyConfirmationTag(confirmationKey: SecretBytes, provider: any CipherSuiteProvider) throws(MLSError) {
        try KeySchedule(provider: provider).verifyConfirmationTag(
            confirmationTag, confirmationKey: confirmationKey, confirmedTranscriptHash: groupContext.confirmedTranscriptHash
        )
    }
}
