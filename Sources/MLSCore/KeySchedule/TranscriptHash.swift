import MLSCodec
import MLSCrypto

/// The confirmed and interim transcript hashes (RFC 9420 §8.2):
///
/// ```
/// confirmed_transcript_hash_[0] = ""
/// interim_transcript_hash_[0] = ""
/// confirmed_transcript_hash_[epoch] =
///     Hash(interim_transcript_hash_[epoch - 1] || ConfirmedTranscriptHashInput_[epoch])
/// interim_transcript_hash_[epoch] =
///     Hash(confirmed_transcript_hash_[epoch] || InterimTranscriptHashInput_[epoch])
/// ```
public enum TranscriptHash {
    /// `Hash(interim_transcript_hash_[epoch-1] || ConfirmedTranscriptHashInput)`, where
    /// `confirmedInput` is the encoded ConfirmedTranscriptHashInput (wire_format, the commit's
    /// FramedContent, signature).
    public static func confirmed(interimBefore: [UInt8], confirmedInput: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        provider.hash(interimBefore + confirmedInput)
    }

    /// `Hash(confirmed_transcript_hash || InterimTranscriptHashInput)`: also how a joiner
    /// computes the interim hash from the GroupInfo's `confirmation_tag` (§12.4.3.1).
    public static func interim(confirmed: [UInt8], confirmationTag: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        provider.hash(confirmed + InterimTranscriptHashInput(confirmationTag: confirmationTag).mlsEncoded)
    }
}
