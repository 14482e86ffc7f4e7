import MLSCodec

// struct {
//     MAC confirmation_tag;
// } InterimTranscriptHashInput;
/// What a commit's confirmation tag adds to the interim transcript hash (RFC 9420 §8.2).
public struct InterimTranscriptHashInput: Hashable, Sendable {
    public var confirmationTag: [UInt8]
    public init(confirmationTag: [UInt8]) { self.confirmationTag = confirmationTag }
}

extension InterimTranscriptHashInput: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeOpaque(confirmationTag) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        confirmationTag = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
