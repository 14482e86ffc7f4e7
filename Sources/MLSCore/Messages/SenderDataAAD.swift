import MLSCodec

// struct {
//     opaque group_id<V>;
//     uint64 epoch;
//     ContentType content_type;
// } SenderDataAAD;
/// The AAD of the sender-data encryption (RFC 9420 §6.3.2).
public struct SenderDataAAD: Hashable, Sendable {
    public var groupID: [UInt8]
    public var epoch: UInt64
    public var contentType: ContentType

    public init(groupID: [UInt8], epoch: UInt64, contentType: ContentType) {
        self.groupID = groupID
        self.epoch = epoch
        self.contentType = contentType
    }

    /// The AAD of `message`'s sender data.
    public init(_ message: PrivateMessage) {
        self.init(groupID: message.groupID, epoch: message.epoch, contentType: message.contentType)
    }
}

extension SenderDataAAD: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(contentType)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        epoch = try reader.readUInt64()
        contentType = try reader.read()
    }
}
