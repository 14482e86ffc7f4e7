import MLSCodec
import MLSCrypto

// struct {
//     HPKEPublicKey encryption_key;
//     HPKECiphertext encrypted_path_secret<V>;
// } UpdatePathNode;
/// One node of a committer's direct path: its new public key and the path secret encrypted to
/// each node of the copath's resolution (RFC 9420 §7.6).
public struct UpdatePathNode: Hashable, Sendable {
    /// The new HPKE public key of this direct-path node.
    public var encryptionKey: [UInt8]
    /// The path secret encrypted to each node of the copath child's resolution, in order.
    public var encryptedPathSecret: [HPKECiphertext]

    public init(encryptionKey: [UInt8], encryptedPathSecret: [HPKECiphertext]) {
        self.encryptionKey = encryptionKey
        self.encryptedPathSecret = encryptedPathSecret
    }
}

extension UpdatePathNode: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(encryptionKey)
        writer.writeVector(encryptedPathSecret)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        encryptionKey = try reader.readOpaque(maxLength: WireLimits.key)
        encryptedPathSecret = try reader.readVector(maxLength: WireLimits.message)
    }
}
