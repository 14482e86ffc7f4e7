import MLSCodec

// struct {
//     WireFormat wire_format;
//     FramedContent content;
//     FramedContentAuthData auth;
// } AuthenticatedContent;
/// Framed content with its authentication data, as signed and hashed into the transcript
/// (RFC 9420 §6.1). Only the two framed wire formats are accepted.
public struct AuthenticatedContent: Hashable, Sendable {
    /// `mls_public_message` or `mls_private_message`.
    public var wireFormat: WireFormat
    /// The framed content.
    public var content: FramedContent
    /// Signature, and confirmation tag for commits.
    public var auth: FramedContentAuthData

    public init(wireFormat: WireFormat, content: FramedContent, auth: FramedContentAuthData) {
        self.wireFormat = wireFormat
        self.content = content
        self.auth = auth
    }
}

extension AuthenticatedContent: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(wireFormat)
        writer.write(content)
        writer.write(auth)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        wireFormat = try reader.read()
        guard wireFormat == .publicMessage || wireFormat == .privateMessage else {
            throw CodecError(.invalidValue, "AuthenticatedContent.wire_format")
        }
        content = try reader.read()
        auth = try FramedContentAuthData(from: &reader, contentType: content.contentType)
    }
}
