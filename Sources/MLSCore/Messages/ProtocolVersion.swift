import MLSCodec

// enum {
//     reserved(0),
//     mls10(1),
//     (65535)
// } ProtocolVersion;
/// An MLS protocol version (RFC 9420 §6). Unknown values decode; the places where only
/// `mls10` is acceptable (``MLSMessage``) check it themselves.
public struct ProtocolVersion: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// MLS 1.0, the version of RFC 9420.
    public static let mls10 = ProtocolVersion(rawValue: 1)

    public var description: String { rawValue == 1 ? "mls10" : "version(\(rawValue))" }
}

extension ProtocolVersion: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt16() }
}
