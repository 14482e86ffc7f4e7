import MLSCodec
import MLSCrypto

/// Transcript hash updates for a commit (RFC 9420 §8.2), on top of ``TranscriptHash``.
enum GroupTranscript {
    static func confirmed(interim: [UInt8], authenticated: AuthenticatedContent, provider: any CipherSuiteProvider) throws(MLSError) -> [UInt8] {
        TranscriptHash.confirmed(interimBefore: interim, confirmedInput: authenticated.confirmedTranscriptHashInput, provider: provider)
    }

    static func interim(confirmed: [UInt8], confirmationTag: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        TranscriptHash.interim(confirmed: confirmed, confirmationTag: confirmationTag, provider: provider)
    }
}
