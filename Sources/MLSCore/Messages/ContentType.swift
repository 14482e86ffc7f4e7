import MLSCodec

// enum {
//     reserved(0),
//     application(1),
//     proposal(2),
//     commit(3),
//     (255)
// } ContentType;
/// The kind of content a framed message carries (RFC 9420 §6). The body of an unknown content
/// type cannot be skipped, so unknown values are a decoding error.
public enum ContentType: UInt8, Hashable, Sendable, CaseIterable {
    case application = 1
    case proposal = 2
    case commit = 3
}

extension ContentType: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        guard let value = ContentType(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "ContentType")
        }
        self = value
    }
}
