import MLSCodec

extension FramedContent {
    /// The signature label of framed content (RFC 9420 §6.1).
    public static let signatureLabel = "FramedContentTBS"

    // struct {
    //     ProtocolVersion version = mls10;
    //     WireFormat wire_format;
    //     FramedContent content;
    //     select (FramedContentTBS.content.sender.sender_type) {
    //         case member:
    //         case new_member_commit:
    //             GroupContext context;
    //         case external:
    //         case new_member_proposal:
    //             struct{};
    //     };
    // } FramedContentTBS;
    /// The encoded `FramedContentTBS` (RFC 9420 §6.1).
    ///
    /// `context` is written only for `member` and `new_member_commit` senders, and ignored for
    /// the others. A caller that omits it for a member sender gets bytes that no valid
    /// signature covers, so verification fails closed.
    public func toBeSigned(wireFormat: WireFormat, context: GroupContext?) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: encodingSizeHint + 512)
        encodeTBS(wireFormat: wireFormat, context: context, to: &writer)
        return writer.bytes
    }

    // struct {
    //     opaque label<V>;
    //     opaque content<V>;
    // } SignContent;
    /// The input of `SignWithLabel`/`VerifyWithLabel(., "FramedContentTBS", FramedContentTBS)`
    /// (RFC 9420 §5.1.2): the label "MLS 1.0 FramedContentTBS", then the encoded
    /// FramedContentTBS as an opaque vector. Built in one buffer: going through
    /// ``toBeSigned(wireFormat:context:)`` and the provider's `signWithLabel` holds and copies
    /// a 64 KiB application message twice.
    func signContent(wireFormat: WireFormat, context: GroupContext?) -> [UInt8] {
        let label = Array("MLS 1.0 \(Self.signatureLabel)".utf8)
        var writer = MLSWriter(reservingCapacity: encodingSizeHint + 512 + label.count + 8)
        writer.writeOpaque(label)
        writer.writeVectorInPlace { encodeTBS(wireFormat: wireFormat, context: context, to: &$0) }
        return writer.bytes
    }

    /// The bytes of this content's variable-length fields that may be large (group id,
    /// authenticated data, application data), to size encoding buffers once: a writer that
    /// starts small and then receives a 64 KiB application message reallocates and copies it,
    /// and again (to twice the size) for the GroupContext written after it. Proposals and
    /// commits count as 0; their buffers grow as usual.
    var encodingSizeHint: Int {
        groupID.count + authenticatedData.count + body.encodingSizeHint
    }

    func encodeTBS(wireFormat: WireFormat, context: GroupContext?, to writer: inout MLSWriter) {
        writer.write(ProtocolVersion.mls10)
        writer.write(wireFormat)
        writer.write(self)
        if sender.signsGroupContext, let context {
            writer.write(context)
        }
    }
}
