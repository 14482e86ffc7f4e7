import MLSCodec

// enum {
//     reserved(0),
//     mls_public_message(1),
//     mls_private_message(2),
//     mls_welcome(3),
//     mls_group_info(4),
//     mls_key_package(5),
//     (65535)
// } WireFormat;
/// The format of an ``MLSMessage`` body (RFC 9420 §6, §17.2). A plain number: the structures
/// that select on it (``MLSMessage``, ``AuthenticatedContent``) reject values they cannot parse.
public struct WireFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let publicMessage = WireFormat(rawValue: 1)
    public static let privateMessage = WireFormat(rawValue: 2)
    public static let welcome = WireFormat(rawValue: 3)
    public static let groupInfo = WireFormat(rawValue: 4)
    public static let keyPackage = WireFormat(rawValue: 5)

    public var description: String {
        switch rawValue {
        case 1: "mls_public_message"
        case 2: "mls_private_message"
        case 3: "mls_welcome"
        case 4: "mls_group_info"
        case 5: "mls_key_package"
        default: "wire_format(\(rawValue))"
        }
    }
}

extension WireFormat: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt16() }
}
