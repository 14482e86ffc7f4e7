import MLSCodec

// struct {
//     HPKEPublicKey encryption_key;
//     SignaturePublicKey signature_key;
//     Credential credential;
//     Capabilities capabilities;
//
//     LeafNodeSource leaf_node_source;
//     select (LeafNode.leaf_node_source) {
//         case key_package:
//             Lifetime lifetime;
//
//         case update:
//             struct{};
//
//         case commit:
//             opaque parent_hash<V>;
//     };
//
//     Extension extensions<V>;
//     /* SignWithLabel(., "LeafNodeTBS", LeafNodeTBS) */
//     opaque signature<V>;
// } LeafNode;
/// A member's leaf in the ratchet tree (RFC 9420 §7.2). Decoded, not validated: the
/// signature, capabilities and lifetime are checked by the tree/group code.
public struct LeafNode: Hashable, Sendable {
    /// The leaf's HPKE public key (`HPKEPublicKey encryption_key`).
    public var encryptionKey: [UInt8]
    /// The member's signature public key (`SignaturePublicKey signature_key`).
    public var signatureKey: [UInt8]
    /// Binds the member's identity to `signatureKey`; authenticated by the application.
    public var credential: Credential
    /// What the member's client supports.
    public var capabilities: Capabilities
    /// `leaf_node_source` with its lifetime or parent hash.
    public var source: LeafNodeSource
    /// Leaf extensions; each type must appear in `capabilities` unless it is a default type.
    public var extensions: [Extension]
    /// `SignWithLabel(., "LeafNodeTBS", LeafNodeTBS)`; see ``toBeSigned(groupID:leafIndex:)``.
    public var signature: [UInt8]

    public init(
        encryptionKey: [UInt8], signatureKey: [UInt8], credential: Credential,
        capabilities: Capabilities, source: LeafNodeSource, extensions: [Extension], signature: [UInt8]
    ) {
        self.encryptionKey = encryptionKey
        self.signatureKey = signatureKey
        self.credential = credential
        self.capabilities = capabilities
        self.source = source
        self.extensions = extensions
        self.signature = signature
    }

    /// The fields shared by `LeafNode` and `LeafNodeTBS`, up to and including the extensions.
    func encodeContent(to writer: inout MLSWriter) {
        writer.writeOpaque(encryptionKey)
        writer.writeOpaque(signatureKey)
        writer.write(credential)
        writer.write(capabilities)
        writer.write(source)
        writer.writeVector(extensions)
    }
}

extension LeafNode: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        encodeContent(to: &writer)
        writer.writeOpaque(signature)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        encryptionKey = try reader.readOpaque(maxLength: WireLimits.key)
        signatureKey = try reader.readOpaque(maxLength: WireLimits.key)
        credential = try reader.read()
        capabilities = try reader.read()
        source = try reader.read()
        extensions = try reader.readExtensions(maxLength: WireLimits.message)
        signature = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
