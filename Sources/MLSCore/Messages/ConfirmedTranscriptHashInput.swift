import MLSCodec

// struct {
//     WireFormat wire_format;
//     FramedContent content; /* with content_type == commit */
//     opaque signature<V>;
// } ConfirmedTranscriptHashInput;
/// What a commit adds to the confirmed transcript hash (RFC 9420 §8.2).
public struct ConfirmedTranscriptHashInput: Hashable, Sendable {
    public var wireFormat: WireFormat
    public var content: FramedContent
    public var signature: [UInt8]

    public init(wireFormat: WireFormat, content: FramedContent, signature: [UInt8]) {
        self.wireFormat = wireFormat
        self.content = content
        self.signature = signature
    }
}

extension ConfirmedTranscriptHashInput: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(wireFormat)
        writer.write(content)
        writer.writeOpaque(signature)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        wireFormat = try reader.read()
        content = try reader.read()
        guard content.contentType == .commit else {
            throw CodecError(.invalidValue, "ConfirmedTranscriptHashInput.content_type")
        }
        signature = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
