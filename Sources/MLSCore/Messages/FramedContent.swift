import MLSCodec

// struct {
//     opaque group_id<V>;
//     uint64 epoch;
//     Sender sender;
//     opaque authenticated_data<V>;
//
//     ContentType content_type;
//     select (FramedContent.content_type) {
//         case application:
//           opaque application_data<V>;
//         case proposal:
//           Proposal proposal;
//         case commit:
//           Commit commit;
//     };
// } FramedContent;
/// The content of a handshake or application message before protection (RFC 9420 §6).
public struct FramedContent: Hashable, Sendable {
    /// The group the message belongs to.
    public var groupID: [UInt8]
    /// The epoch the message was sent in.
    public var epoch: UInt64
    /// Who sent the message.
    public var sender: Sender
    /// Application data that is authenticated but not encrypted.
    public var authenticatedData: [UInt8]
    /// The content-type-selected payload.
    public var body: Body

    /// The content-type-dependent part of a ``FramedContent``.
    public enum Body: Hashable, Sendable {
        case application([UInt8])
        case proposal(Proposal)
        case commit(Commit)

        public var contentType: ContentType {
            switch self {
            case .application: .application
            case .proposal: .proposal
            case .commit: .commit
            }
        }
    }

    public init(groupID: [UInt8], epoch: UInt64, sender: Sender, authenticatedData: [UInt8], body: Body) {
        self.groupID = groupID
        self.epoch = epoch
        self.sender = sender
        self.authenticatedData = authenticatedData
        self.body = body
    }

    public var contentType: ContentType { body.contentType }
}

extension FramedContent.Body {
    /// Writes `content_type` and the selected body.
    func encode(to writer: inout MLSWriter) {
        writer.write(contentType)
        encodeWithoutType(to: &writer)
    }

    /// Writes only the selected body (PrivateMessageContent carries the type outside).
    /// The size of the application data; 0 for proposals and commits (see
    /// ``FramedContent/encodingSizeHint``).
    var encodingSizeHint: Int {
        if case .application(let data) = self { return data.count }
        return 0
    }

    public func encodeWithoutType(to writer: inout MLSWriter) {
        switch self {
        case .application(let data): writer.writeOpaque(data)
        case .proposal(let proposal): writer.write(proposal)
        case .commit(let commit): writer.write(commit)
        }
    }

    /// Reads the body selected by `contentType` (for PrivateMessageContent, whose type is
    /// given by the enclosing PrivateMessage).
    public init(from reader: inout MLSReader, contentType: ContentType) throws(CodecError) {
        switch contentType {
        case .application: self = .application(try reader.readOpaque(maxLength: WireLimits.message))
        case .proposal: self = .proposal(try reader.read())
        case .commit: self = .commit(try reader.read())
        }
    }
}

extension FramedContent: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(sender)
        writer.writeOpaque(authenticatedData)
        body.encode(to: &writer)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        epoch = try reader.readUInt64()
        sender = try reader.read()
        authenticatedData = try reader.readOpaque(maxLength: WireLimits.message)
        body = try Body(from: &reader, contentType: try reader.read())
    }
}
