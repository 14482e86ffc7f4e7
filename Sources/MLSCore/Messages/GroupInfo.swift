import MLSCodec

// struct {
//     GroupContext group_context;
//     Extension extensions<V>;
//     MAC confirmation_tag;
//     uint32 signer;
//     /* SignWithLabel(., "GroupInfoTBS", GroupInfoTBS) */
//     opaque signature<V>;
// } GroupInfo;
/// The signed description of a group's current epoch, for joiners (RFC 9420 §12.4.3).
/// Decoded, not verified.
public struct GroupInfo: Hashable, Sendable {
    /// The context of the epoch the joiner enters.
    public var groupContext: GroupContext
    /// GroupInfo extensions (ratchet_tree, external_pub...).
    public var extensions: [Extension]
    /// The confirmation tag of the commit that began the epoch.
    public var confirmationTag: [UInt8]
    /// The leaf of the member that signed this GroupInfo.
    public var signer: LeafIndex
    /// `SignWithLabel(., "GroupInfoTBS", GroupInfoTBS)` by `signer`.
    public var signature: [UInt8]

    public init(
        groupContext: GroupContext, extensions: [Extension], confirmationTag: [UInt8],
        signer: LeafIndex, signature: [UInt8]
    ) {
        self.groupContext = groupContext
        self.extensions = extensions
        self.confirmationTag = confirmationTag
        self.signer = signer
        self.signature = signature
    }

    func encodeContent(to writer: inout MLSWriter) {
        writer.write(groupContext)
        writer.writeVector(extensions)
        writer.writeOpaque(confirmationTag)
        writer.write(signer)
    }
}

extension GroupInfo: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        encodeContent(to: &writer)
        writer.writeOpaque(signature)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupContext = try reader.read()
        extensions = try reader.readExtensions(maxLength: WireLimits.tree)
        confirmationTag = try reader.readOpaque(maxLength: WireLimits.key)
        signer = try reader.read()
        signature = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
