import MLSCodec
import MLSCrypto

/// `opaque secret<V>` for secrets carried inside wire structs (`joiner_secret`, `path_secret`).
///
/// Decoding copies the bytes straight from the input into the zeroizing storage; encoding
/// necessarily copies them into the writer, whose buffer the caller must keep short-lived.
extension SecretBytes: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        withUnsafeBytes { writer.writeOpaque($0) }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        let length = try reader.readVarint()
        guard length <= WireLimits.key else { throw CodecError(.lengthLimitExceeded, "secret") }
        self.init(try reader.readFixed(length))
    }
}
