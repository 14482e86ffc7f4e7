import MLSCodec

extension AuthenticatedContent {
    // struct {
    //     FramedContentTBS content_tbs;
    //     FramedContentAuthData auth;
    // } AuthenticatedContentTBM;
    /// The encoded `AuthenticatedContentTBM` (RFC 9420 §6.2), the input of the membership tag
    /// `MAC(membership_key, AuthenticatedContentTBM)`. `context` is the sender's epoch's
    /// GroupContext (membership tags exist only for member senders, which sign it).
    public func toBeMACed(context: GroupContext) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: 512)
        content.encodeTBS(wireFormat: wireFormat, context: context, to: &writer)
        writer.write(auth)
        return writer.bytes
    }

    /// The encoded ``ConfirmedTranscriptHashInput`` of this content (RFC 9420 §8.2). Only
    /// meaningful for commits.
    public var confirmedTranscriptHashInput: [UInt8] {
        ConfirmedTranscriptHashInput(wireFormat: wireFormat, content: content, signature: auth.signature).mlsEncoded
    }

    /// The encoded ``InterimTranscriptHashInput`` of this content (RFC 9420 §8.2), or nil when
    /// there is no confirmation tag (non-commit content).
    public var interimTranscriptHashInput: [UInt8]? {
        auth.confirmationTag.map { InterimTranscriptHashInput(confirmationTag: $0).mlsEncoded }
    }
}
