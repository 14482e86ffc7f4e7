import MLSCrypto

extension TranscriptHash {
    /// Both transcript hashes after the Commit in `commit` (RFC 9420 §8.2):
    /// `confirmed = Hash(interimBefore || ConfirmedTranscriptHashInput)` and
    /// `interim = Hash(confirmed || InterimTranscriptHashInput)`.
    ///
    /// Throws ``MLSError/Code/transcriptHashNotCommit`` unless the content is a Commit with a
    /// confirmation tag. The tag itself is not checked here: verify it against the new epoch's
    /// `confirmation_key` and the returned `confirmed` hash
    /// (``KeySchedule/verifyConfirmationTag(_:confirmationKey:confirmedTranscriptHash:)``).
    public static func update(
        interimBefore: [UInt8], commit: AuthenticatedContent, provider: any CipherSuiteProvider
    ) throws(MLSError) -> (confirmed: [UInt8], interim: [UInt8]) {
        guard commit.content.contentType == .commit, let tag = commit.auth.confirmationTag else {
            throw MLSError(.transcriptHashNotCommit)
        }
        let confirmed = Self.confirmed(interimBefore: interimBefore, confirmedInput: commit.confirmedTranscriptHashInput, provider: provider)
        return (confirmed, interim(confirmed: confirmed, confirmationTag: tag, provider: provider))
    }

    /// The confirmed transcript hash alone, for a Commit being built: the committer needs it to
    /// compute the confirmation tag before the interim hash can exist.
    public static func confirmed(
        interimBefore: [UInt8], wireFormat: WireFormat, content: FramedContent, signature: [UInt8],
        provider: any CipherSuiteProvider
    ) throws(MLSError) -> [UInt8] {
        guard content.contentType == .commit else { throw MLSError(.transcriptHashNotCommit) }
        let input = ConfirmedTranscriptHashInput(wireFormat: wireFormat, content: content, signature: signature)
        return confirmed(interimBefore: interimBefore, confirmedInput: input.mlsEncoded, provider: provider)
    }
}
