import MLSCodec

// uint16 CredentialType;
/// A credential type code point (RFC 9420 §5.3, §17.5). Unknown values are plain numbers in
/// capability lists; a ``Credential`` of an unknown type cannot be decoded.
public struct CredentialType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let basic = CredentialType(rawValue: 0x0001)
    public static let x509 = CredentialType(rawValue: 0x0002)

    public var description: String { "credential_type(0x\(String(rawValue, radix: 16)))" }
}

extension CredentialType: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt16() }
}
