import MLSCodec

// struct {
//     ExtensionType extension_type;
//     opaque extension_data<V>;
// } Extension;
/// One extension (RFC 9420 §13). The payload stays opaque here; the typed payloads
/// (``RatchetTreeNodes``, ``ExternalSendersExtension``...) decode `extensionData` on demand.
public struct Extension: Hashable, Sendable {
    /// The code point selecting how `extensionData` is interpreted.
    public var extensionType: ExtensionType
    /// The encoded payload (`opaque extension_data<V>`), decoded by the extension's own type.
    public var extensionData: [UInt8]

    public init(extensionType: ExtensionType, extensionData: [UInt8]) {
        self.extensionType = extensionType
        self.extensionData = extensionData
    }

    /// Wraps a typed payload, encoding it as the extension data.
    public init<Payload: MLSEncodable>(_ type: ExtensionType, payload: Payload) {
        self.init(extensionType: type, extensionData: payload.mlsEncoded)
    }
}

extension Extension: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(extensionType)
        writer.writeOpaque(extensionData)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        extensionType = try reader.read()
        extensionData = try reader.readOpaque(maxLength: WireLimits.tree)
    }
}
