import MLSCodec
import MLSCrypto

// struct {
//     ProtocolVersion version;
//     CipherSuite cipher_suite;
//     HPKEPublicKey init_key;
//     LeafNode leaf_node;
//     Extension extensions<V>;
//     /* SignWithLabel(., "KeyPackageTBS", KeyPackageTBS) */
//     opaque signature<V>;
// } KeyPackage;
/// A client's published offer to be added to groups (RFC 9420 §10). Decoded, not validated.
public struct KeyPackage: Hashable, Sendable {
    /// Must be the group's version (`mls10`).
    public var version: ProtocolVersion
    /// Must be the group's cipher suite.
    public var cipherSuite: CipherSuite
    /// The HPKE public key a Welcome's GroupSecrets are encrypted to; used once.
    public var initKey: [UInt8]
    /// The leaf the client will occupy, with source `key_package`.
    public var leafNode: LeafNode
    /// KeyPackage extensions (not leaf extensions).
    public var extensions: [Extension]
    /// `SignWithLabel(., "KeyPackageTBS", KeyPackageTBS)` with the leaf's signature key.
    public var signature: [UInt8]

    public init(
        version: ProtocolVersion = .mls10, cipherSuite: CipherSuite, initKey: [UInt8],
        leafNode: LeafNode, extensions: [Extension], signature: [UInt8]
    ) {
        self.version = version
        self.cipherSuite = cipherSuite
        self.initKey = initKey
        self.leafNode = leafNode
        self.extensions = extensions
        self.signature = signature
    }

    func encodeContent(to writer: inout MLSWriter) {
        writer.write(version)
        writer.write(cipherSuite)
        writer.writeOpaque(initKey)
        writer.write(leafNode)
        writer.writeVector(extensions)
    }
}

extension KeyPackage: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        encodeContent(to: &writer)
        writer.writeOpaque(signature)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        version = try reader.read()
        cipherSuite = try reader.read()
        initKey = try reader.readOpaque(maxLength: WireLimits.key)
        leafNode = try reader.read()
        extensions = try reader.readExtensions(maxLength: WireLimits.message)
        signature = try reader.readOpaque(maxLength: WireLimits.key)
    }
}
