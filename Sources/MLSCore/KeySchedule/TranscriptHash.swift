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

    // struct {
    //     MAC confirmation_tag;
    // } InterimTranscriptHashInput;
    /// `Hash(confirmed_transcript_hash || InterimTranscriptHashInput)` with
    /// InterimTranscriptHashInput = `{ opaque confirmation_tag<V> }`.
    public static func interim(confirmed: [UInt8], confirmationTag: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        var writer = MLSWriter()
        writer.writeRaw(confirmed)
        writer.writeOpaque(confirmationTag)
        return provider.hash(writer.bytes)
    }
}
