import MLSCodec

// uint16 ExtensionType;
/// An extension type code point (RFC 9420 §13.4, §17.3). Unknown values are plain numbers:
/// they appear in capability lists and in GREASE.
public struct ExtensionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let applicationID = ExtensionType(rawValue: 0x0001)
    public static let ratchetTree = ExtensionType(rawValue: 0x0002)
    public static let requiredCapabilities = ExtensionType(rawValue: 0x0003)
    public static let externalPub = ExtensionType(rawValue: 0x0004)
    public static let externalSenders = ExtensionType(rawValue: 0x0005)

    /// The extension types defined by RFC 9420 (implemented by every client, §7.2).
    public static let defaultTypes: [ExtensionType] = [
        .applicationID, .ratchetTree, .requiredCapabilities, .externalPub, .externalSenders,
    ]

    public var description: String { "extension_type(0x\(String(rawValue, radix: 16)))" }
}

extension ExtensionType: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt16() }
}
