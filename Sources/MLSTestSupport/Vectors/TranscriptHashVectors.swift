import MLS

/// `transcript-hashes.json`: confirmation tag and transcript hashes (RFC 9420 §8.2).
struct TranscriptHashVectors: VectorFamily {
    let name = "transcript-hashes"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("interim_transcript_hash_before") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let content = try AuthenticatedContent(mlsEncoded: try entry.hex("authenticated_content"))
        guard content.content.contentType == .commit, let tag = content.auth.confirmationTag else {
            throw VectorFailure("authenticated_content is not a commit with a confirmation tag")
        }
        let expectedConfirmed = try entry.hex("confirmed_transcript_hash_after")

        // The tag is a MAC over the confirmed transcript hash after this commit.
        try KeySchedule(provider: provider).verifyConfirmationTag(
            tag, confirmationKey: SecretBytes(try entry.hex("confirmation_key")), confirmedTranscriptHash: expectedConfirmed)

        let (confirmed, interim) = try TranscriptHash.update(
            interimBefore: try entry.hex("interim_transcript_hash_before"), commit: content, provider: provider)
        try VectorEntry.expectEqual(confirmed, expectedConfirmed, "confirmed_transcript_hash_after")
        try VectorEntry.expectEqual(interim, try entry.hex("interim_transcript_hash_after"), "interim_transcript_hash_after")
    }
}
