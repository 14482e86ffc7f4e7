import MLSCodec

// struct {
//   SignaturePublicKey signature_key;
//   Credential credential;
// } ExternalSender;
/// A party outside the group allowed to send proposals (RFC 9420 §12.1.8.1).
public struct ExternalSender: Hashable, Sendable {
    public var signatureKey: [UInt8]
    public var credential: Credential

    public init(signatureKey: [UInt8], credential: Credential) {
        self.signatureKey = signatureKey
        self.credential = credential
    }
}

extension ExternalSender: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(signatureKey)
        writer.write(credential)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        signatureKey = try reader.readOpaque(maxLength: WireLimits.key)
        credential = try reader.read()
    }
}
