import MLSCodec

// struct {
//     FramedContent content;
//     FramedContentAuthData auth;
//     select (PublicMessage.content.sender.sender_type) {
//         case member:
//             MAC membership_tag;
//         case external:
//         case new_member_commit:
//         case new_member_proposal:
//             struct{};
//     };
// } PublicMessage;
/// A signed, unencrypted framed message (RFC 9420 §6.2). The membership tag is present exactly
/// when the sender is a member. Decoded, not verified.
public struct PublicMessage: Hashable, Sendable {
    /// The framed content, in the clear.
    public var content: FramedContent
    /// Signature, and confirmation tag for commits.
    public var auth: FramedContentAuthData
    /// `MAC(membership_key, AuthenticatedContentTBM)`, present iff the sender is a member.
    public var membershipTag: [UInt8]?

    public init(content: FramedContent, auth: FramedContentAuthData, membershipTag: [UInt8]?) {
        self.content = content
        self.auth = auth
        self.membershipTag = membershipTag
    }

    /// The content with its auth data, as signed (wire format `mls_public_message`).
    public var authenticatedContent: AuthenticatedContent {
        AuthenticatedContent(wireFormat: .publicMessage, content: content, auth: auth)
    }
}

extension PublicMessage: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(content)
        writer.write(auth)
        if let membershipTag { writer.writeOpaque(membershipTag) }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        content = try reader.read()
        auth = try FramedContentAuthData(from: &reader, contentType: content.contentType)
        membershipTag = content.sender.hasMembershipTag
            ? try reader.readOpaque(maxLength: WireLimits.key)
            : nil
    }
}
