import MLSCodec

// opaque application_id<V>;
/// The `application_id` leaf extension: an application-defined identifier (RFC 9420 §5.3.3).
public struct ApplicationIDExtension: Hashable, Sendable {
    public var applicationID: [UInt8]
    public init(applicationID: [UInt8]) { self.applicationID = applicationID }
}

extension ApplicationIDExtension: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeOpaque(applicationID) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        applicationID = try reader.readOpaque(maxLength: WireLimits.identifier)
    }
}
