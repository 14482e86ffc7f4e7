import MLSCrypto

/// A KeyPackage together with the private keys its owner needs to join a group with it
/// (RFC 9420 §10): `init_key` (to open the Welcome) and the leaf's `encryption_key`.
///
/// Publish `keyPackage`; keep the bundle secret (store it encrypted) until it is used, then
/// delete it unless it is a last-resort KeyPackage.
public struct KeyPackageBundle: Sendable, Hashable {
    /// The public KeyPackage to upload.
    public let keyPackage: KeyPackage
    /// HPKE private key of `init_key`: opens the GroupSecrets of a Welcome.
    public let initPrivateKey: SecretBytes
    /// HPKE private key of `leaf_node.encryption_key`: the member's leaf key once joined.
    public let encryptionPrivateKey: SecretBytes
    /// The credential and signature key pair the KeyPackage was signed with.
    public let signingIdentity: SigningIdentity

    public init(keyPackage: KeyPackage, initPrivateKey: SecretBytes, encryptionPrivateKey: SecretBytes, signingIdentity: SigningIdentity) {
        self.keyPackage = keyPackage
        self.initPrivateKey = initPrivateKey
        self.encryptionPrivateKey = encryptionPrivateKey
        self.signingIdentity = signingIdentity
    }

    /// Whether the KeyPackage carries the `last_resort` extension.
    public var isLastResort: Bool { keyPackage.extensions.contains { $0.extensionType == GroupCrypto.lastResortExtensionType } }

    /// Creates and signs a fresh KeyPackage (§10).
    ///
    /// - Parameters:
    ///   - lifetime: validity period (Unix seconds) of the leaf node.
    ///   - capabilities: what this client supports; the suite and credential type in use are
    ///     added if missing.
    ///   - lastResort: adds the `last_resort` KeyPackage extension (RFC 9420 §17.3 registry,
    ///     type 0x000A) so the Delivery Service may hand it out more than once.
    public static func create(
        cipherSuite: CipherSuite,
        signingIdentity: SigningIdentity,
        lifetime: Lifetime,
        capabilities: Capabilities? = nil,
        leafExtensions: [Extension] = [],
        keyPackageExtensions: [Extension] = [],
        lastResort: Bool = false,
        crypto: any CryptoProvider
    ) throws(MLSError) -> KeyPackageBundle {
        let provider = try GroupCrypto.provider(crypto, cipherSuite)
        let initPair = try GroupCrypto.generateKEM(provider)
        let encryptionPair = try GroupCrypto.generateKEM(provider)
        var caps = capabilities ?? GroupCrypto.defaultCapabilities(suite: cipherSuite)
        if !caps.cipherSuites.contains(cipherSuite) { caps.cipherSuites.append(cipherSuite) }
        if !caps.versions.contains(.mls10) { caps.versions.append(.mls10) }
        if !caps.credentials.contains(signingIdentity.credentialType) { caps.credentials.append(signingIdentity.credentialType) }
        var kpExtensions = keyPackageExtensions
        if lastResort, !kpExtensions.contains(where: { $0.extensionType == GroupCrypto.lastResortExtensionType }) {
            kpExtensions.append(Extension(extensionType: GroupCrypto.lastResortExtensionType, extensionData: []))
        }
        // Advertise the non-default KeyPackage extensions too (other stacks expect it).
        for ext in kpExtensions where !GroupRules.isDefaultExtension(ext.extensionType) && !caps.extensions.contains(ext.extensionType) {
            caps.extensions.append(ext.extensionType)
        }
        for ext in leafExtensions where !GroupRules.isDefaultExtension(ext.extensionType) && !caps.extensions.contains(ext.extensionType) {
            caps.extensions.append(ext.extensionType)
        }
        var leaf = LeafNode(
            encryptionKey: encryptionPair.publicKey,
            signatureKey: signingIdentity.signaturePublicKey,
            credential: signingIdentity.credential,
            capabilities: caps,
            source: .keyPackage(lifetime),
            extensions: leafExtensions,
            signature: []
        )
        leaf.signature = try GroupCrypto.sign(provider, signingIdentity, label: "LeafNodeTBS", leaf.toBeSigned(groupID: nil, leafIndex: nil))
        var keyPackage = KeyPackage(
            version: .mls10, cipherSuite: cipherSuite, initKey: initPair.publicKey,
            leafNode: leaf, extensions: kpExtensions, signature: []
        )
        keyPackage.signature = try GroupCrypto.sign(provider, signingIdentity, label: "KeyPackageTBS", keyPackage.toBeSigned)
        return KeyPackageBundle(
            keyPackage: keyPackage, initPrivateKey: initPair.privateKey,
            encryptionPrivateKey: encryptionPair.privateKey, signingIdentity: signingIdentity
        )
    }
}
