import MLSCodec

// struct {
//     select (PrivateMessage.content_type) {
//         case application:
//           opaque application_data<V>;
//
//         case proposal:
//           Proposal proposal;
//
//         case commit:
//           Commit commit;
//     };
//
//     FramedContentAuthData auth;
//     opaque padding[length_of_padding];
// } PrivateMessageContent;
/// The plaintext of a PrivateMessage (RFC 9420 §6.3.1): the content, its authentication data
/// and zero padding. Its layout depends on the enclosing message's content type, so it is
/// encoded and decoded with that type rather than through ``MLSCodable``.
public struct PrivateMessageContent: Hashable, Sendable {
    public var body: FramedContent.Body
    public var auth: FramedContentAuthData
    /// The number of zero bytes after `auth`.
    public var paddingLength: Int

    public init(body: FramedContent.Body, auth: FramedContentAuthData, paddingLength: Int = 0) {
        self.body = body
        self.auth = auth
        self.paddingLength = paddingLength
    }

    /// The encoding without padding: the content selected by its type, then `auth`, in a
    /// buffer with room for `extraCapacity` more bytes (the padding), so that a large
    /// application message is copied once rather than reallocated on the way.
    func unpaddedEncoding(reservingExtra extraCapacity: Int = 0) -> [UInt8] {
        let authSize = auth.signature.count + (auth.confirmationTag?.count ?? 0) + 16
        var writer = MLSWriter(reservingCapacity: body.encodingSizeHint + authSize + 16 + max(0, extraCapacity))
        body.encodeWithoutType(to: &writer)
        writer.write(auth)
        return writer.bytes
    }

    /// Appends `length` zero bytes (the padding) to `plaintext` in place.
    static func appendPadding(_ length: Int, to plaintext: inout [UInt8]) {
        guard length > 0 else { return }
        plaintext.append(contentsOf: repeatElement(0, count: length))
    }

    /// The encoding followed by `paddingLength` zero bytes.
    public var encoded: [UInt8] {
        var bytes = unpaddedEncoding(reservingExtra: paddingLength)
        Self.appendPadding(paddingLength, to: &bytes)
        return bytes
    }

    /// Decodes a plaintext of content type `contentType`.
    ///
    /// The confirmation tag is present exactly when the content is a commit (§6.1). Every
    /// byte after `auth` is padding and must be zero.
    ///
    /// - Throws: `CodecError` for a malformed content or auth, ``MLSError/Code/invalidPadding``
    ///   for non-zero padding.
    public init(decoding plaintext: [UInt8], contentType: ContentType) throws {
        var reader = MLSReader(plaintext)
        body = try FramedContent.Body(from: &reader, contentType: contentType)
        auth = try FramedContentAuthData(from: &reader, contentType: contentType)
        let padding = try reader.readFixed(reader.remaining)
        // Fold every byte so the check does not reveal where the first non-zero byte is.
        let nonZero = padding.reduce(UInt8(0)) { $0 | $1 }
        guard nonZero == 0 else { throw MLSError(.invalidPadding, "PrivateMessageContent") }
        paddingLength = padding.count
    }
}
