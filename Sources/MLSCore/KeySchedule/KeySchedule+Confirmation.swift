import MLSCrypto

extension KeySchedule {
    /// `confirmation_tag = MAC(confirmation_key, confirmed_transcript_hash)` (RFC 9420 §6.1).
    public func confirmationTag(confirmationKey: SecretBytes, confirmedTranscriptHash: [UInt8]) -> [UInt8] {
        provider.mac(key: confirmationKey, data: confirmedTranscriptHash)
    }

    /// Checks a received `confirmation_tag` in constant time (RFC 9420 §6.1, §12.4.3.1).
    ///
    /// Throws ``MLSError/Code/invalidConfirmationTag`` on any mismatch, including a tag of
    /// the wrong length.
    public func verifyConfirmationTag(_ tag: [UInt8], confirmationKey: SecretBytes, confirmedTranscriptHash: [UInt8]) throws(MLSError) {
        guard provider.verifyMAC(key: confirmationKey, data: confirmedTranscriptHash, tag: tag) else {
            throw MLSError(.invalidConfirmationTag)
        }
    }
}

extension EpochSecrets {
    /// `MAC(confirmation_key, confirmed_transcript_hash)` with this epoch's confirmation key.
    public func confirmationTag(confirmedTranscriptHash: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        KeySchedule(provider: provider).confirmationTag(confirmationKey: confirmationKey, confirmedTranscriptHash: confirmedTranscriptHash)
    }

    /// Constant-time check of a received confirmation tag against this epoch's key.
    public func verifyConfirmationTag(_ tag: [UInt8], confirmedTranscriptHash: [UInt8], provider: any CipherSuiteProvider) throws(MLSError) {
        try KeySchedule(provider: provider).verifyConfirmationTag(tag, confirmationKey: confirmationKey, confirmedTranscriptHash: confirmedTranscriptHash)
    }
}
