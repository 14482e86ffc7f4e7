import MLSCodec

// ExternalSender external_senders<V>;
/// The `external_senders` group context extension (RFC 9420 §12.1.8.1). A ``Sender/external(_:)``
/// index points into `senders`.
public struct ExternalSendersExtension: Hashable, Sendable {
    public var senders: [ExternalSender]
    public init(senders: [ExternalSender]) { self.senders = senders }
}

extension ExternalSendersExtension: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.writeVector(senders) }
    public init(from reader: inout MLSReader) throws(CodecError) {
        senders = try reader.readVector(maxLength: WireLimits.message)
    }
}
