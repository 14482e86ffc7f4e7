import MLSCodec

// struct {
//     opaque group_id<V>;
//     uint64 epoch;
//     ContentType content_type;
//     opaque authenticated_data<V>;
//     opaque encrypted_sender_data<V>;
//     opaque ciphertext<V>;
// } PrivateMessage;
/// An encrypted framed message (RFC 9420 §6.3). Decoded, not decrypted.
public struct PrivateMessage: Hashable, Sendable {
    /// The group the message belongs to (in the clear).
    public var groupID: [UInt8]
    /// The epoch the message was sent in (in the clear).
    public var epoch: UInt64
    /// The type of the encrypted content (in the clear).
    public var contentType: ContentType
    /// Application data authenticated as AAD, not encrypted.
    public var authenticatedData: [UInt8]
    /// The AEAD-encrypted ``SenderData`` (§6.3.2).
    public var encryptedSenderData: [UInt8]
    /// The AEAD-encrypted PrivateMessageContent (§6.3.1).
    public var ciphertext: [UInt8]

    public init(
        groupID: [UInt8], epoch: UInt64, contentType: ContentType, authenticatedData: [UInt8],
        encryptedSenderData: [UInt8], ciphertext: [UInt8]
    ) {
        self.groupID = groupID
        self.epoch = epoch
        self.contentType = contentType
        self.authenticatedData = authenticatedData
        self.encryptedSenderData = encryptedSenderData
        self.ciphertext = ciphertext
    }
}

extension PrivateMessage: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(contentType)
        writer.writeOpaque(authenticatedData)
        writer.writeOpaque(encryptedSenderData)
        writer.writeOpaque(ciphertext)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        epoch = try reader.readUInt64()
        contentType = try reader.read()
        authenticatedData = try reader.readOpaque(maxLength: WireLimits.message)
        encryptedSenderData = try reader.readOpaque(maxLength: WireLimits.key)
        ciphertext = try reader.readOpaque(maxLength: WireLimits.message)
    }
}
