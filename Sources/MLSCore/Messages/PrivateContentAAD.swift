import MLSCodec

// struct {
//     opaque group_id<V>;
//     uint64 epoch;
//     ContentType content_type;
//     opaque authenticated_data<V>;
// } PrivateContentAAD;
/// The AAD of the content encryption of a PrivateMessage (RFC 9420 §6.3.1).
public struct PrivateContentAAD: Hashable, Sendable {
    public var groupID: [UInt8]
    public var epoch: UInt64
    public var contentType: ContentType
    public var authenticatedData: [UInt8]

    public init(groupID: [UInt8], epoch: UInt64, contentType: ContentType, authenticatedData: [UInt8]) {
        self.groupID = groupID
        self.epoch = epoch
        self.contentType = contentType
        self.authenticatedData = authenticatedData
    }

    /// The AAD of `message`'s content.
    public init(_ message: PrivateMessage) {
        self.init(
            groupID: message.groupID, epoch: message.epoch, contentType: message.contentType,
            authenticatedData: message.authenticatedData)
    }
}

extension PrivateContentAAD: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(contentType)
        writer.writeOpaque(authenticatedData)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        epoch = try reader.readUInt64()
        contentType = try reader.read()
        authenticatedData = try reader.readOpaque(maxLength: WireLimits.message)
    }
}
