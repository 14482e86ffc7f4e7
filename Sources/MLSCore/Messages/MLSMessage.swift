import MLSCodec

// struct {
//     ProtocolVersion version = mls10;
//     WireFormat wire_format;
//     select (MLSMessage.wire_format) {
//         case mls_public_message:
//             PublicMessage public_message;
//         case mls_private_message:
//             PrivateMessage private_message;
//         case mls_welcome:
//             Welcome welcome;
//         case mls_group_info:
//             GroupInfo group_info;
//         case mls_key_package:
//             KeyPackage key_package;
//     };
// } MLSMessage;
/// The top-level envelope of every MLS message (RFC 9420 §6). Decoding rejects any version
/// other than `mls10` and any unknown wire format.
public struct MLSMessage: Hashable, Sendable {
    /// Always `mls10` after decoding.
    public var version: ProtocolVersion
    /// The wire-format-selected message.
    public var body: Body

    /// The wire-format-selected body.
    public enum Body: Hashable, Sendable {
        case publicMessage(PublicMessage)
        case privateMessage(PrivateMessage)
        case welcome(Welcome)
        case groupInfo(GroupInfo)
        case keyPackage(KeyPackage)

        public var wireFormat: WireFormat {
            switch self {
            case .publicMessage: .publicMessage
            case .privateMessage: .privateMessage
            case .welcome: .welcome
            case .groupInfo: .groupInfo
            case .keyPackage: .keyPackage
            }
        }
    }

    public init(version: ProtocolVersion = .mls10, body: Body) {
        self.version = version
        self.body = body
    }

    public var wireFormat: WireFormat { body.wireFormat }
}

extension MLSMessage: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(version)
        writer.write(body.wireFormat)
        switch body {
        case .publicMessage(let message): writer.write(message)
        case .privateMessage(let message): writer.write(message)
        case .welcome(let welcome): writer.write(welcome)
        case .groupInfo(let groupInfo): writer.write(groupInfo)
        case .keyPackage(let keyPackage): writer.write(keyPackage)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        version = try reader.read()
        guard version == .mls10 else { throw CodecError(.invalidValue, "MLSMessage.version") }
        switch try reader.read(WireFormat.self) {
        case .publicMessage: body = .publicMessage(try reader.read())
        case .privateMessage: body = .privateMessage(try reader.read())
        case .welcome: body = .welcome(try reader.read())
        case .groupInfo: body = .groupInfo(try reader.read())
        case .keyPackage: body = .keyPackage(try reader.read())
        default: throw CodecError(.invalidValue, "MLSMessage.wire_format")
        }
    }
}
