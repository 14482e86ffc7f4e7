import MLSCodec

// opaque MAC<V>;
//
// struct {
//     /* SignWithLabel(., "FramedContentTBS", FramedContentTBS) */
//     opaque signature<V>;
//     select (FramedContent.content_type) {
//         case commit:
//             /*
//               MAC(confirmation_key,
//                   GroupContext.confirmed_transcript_hash)
//             */
//             MAC confirmation_tag;
//         case application:
//         case proposal:
//             struct{};
//     };
// } FramedContentAuthData;
/// The signature and, for commits, the confirmation tag of framed content (RFC 9420 §6.1).
///
/// Not `MLSDecodable` on its own: whether a confirmation tag follows depends on the content
/// type, so decode with ``init(from:contentType:)``.
public struct FramedContentAuthData: Hashable, Sendable, MLSEncodable {
    public var signature: [UInt8]
    /// Present exactly when the content is a commit.
    public var confirmationTag: [UInt8]?

    public init(signature: [UInt8], confirmationTag: [UInt8]?) {
        self.signature = signature
        self.confirmationTag = confirmationTag
    }

    /// Writes the signature, and the confirmation tag if present. Encoding a tag for non-commit
    /// content (or none for a commit) produces bytes the decoder rejects; ``AuthenticatedContent``
    /// and ``PublicMessage`` never build such values from decoded input.
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(signature)
        if let confirmationTag { writer.writeOpaque(confirmationTag) }
    }

    /// Decodes the auth data of content of type `contentType`: the confirmation tag is read
    /// for commits only.
    public init(from reader: inout MLSReader, contentType: ContentType) throws(CodecError) {
        signature = try reader.readOpaque(maxLength: WireLimits.key)
        switch contentType {
        case .commit: confirmationTag = try reader.readOpaque(maxLength: WireLimits.key)
        case .application, .proposal: confirmationTag = nil
        }
    }

    /// Whether the presence of the confirmation tag matches `contentType` (RFC 9420 §6.1).
    public func isConsistent(with contentType: ContentType) -> Bool {
        (contentType == .commit) == (confirmationTag != nil)
    }
}
