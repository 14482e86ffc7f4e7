import MLSCodec
import MLSCrypto

/// Transcript hash updates for a commit (RFC 9420 §8.2), on top of ``TranscriptHash``.
enum GroupTranscript {
    // struct {
    //     WireFormat wire_format;
    //     FramedContent content; /* with content_type == commit */
    //     opaque signature<V>;
    // } ConfirmedTranscriptHashInput;
    static func confirmedInput(_ authenticated: AuthenticatedContent) -> [UInt8] {
        var writer = MLSWriter()
        writer.write(authenticated.wireFormat)
        writer.write(authenticated.content)
        writer.writeOpaque(authenticated.auth.signature)
        return writer.bytes
    }

    static func confirmed(interim: [UInt8], authenticated: AuthenticatedContent, provider: any CipherSuiteProvider) throws(MLSError) -> [UInt8] {
        TranscriptHash.confirmed(interimBefore: interim, confirmedInput: confirmedInput(authenticated), provider: provider)
    }

    static func interim(confirmed: [UInt8], confirmationTag: [UInt8], provider: any CipherSuiteProvider) -> [UInt8] {
        TranscriptHash.interim(confirmed: confirmed, confirmationTag: confirmationTag, provider: provider)
    }
}
