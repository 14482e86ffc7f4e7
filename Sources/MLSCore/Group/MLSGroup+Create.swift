import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Creates a one-member group (RFC 9420 §11).
    ///
    /// - Parameters:
    ///   - groupID: the group id; nil draws Nh random bytes.
    ///   - lifetime: the creator's leaf lifetime; nil means 90 days from now.
    ///   - extensions: the initial GroupContext extensions (e.g. `required_capabilities`,
    ///     `external_senders`).
    public static func create(
        groupID: [UInt8]? = nil,
        cipherSuite: CipherSuite,
        signer: SigningIdentity,
        capabilities: Capabilities? = nil,
        lifetime: Lifetime? = nil,
        extensions: [Extension] = [],
        configuration: MLSGroupConfiguration
    ) throws(MLSError) -> MLSGroup {
        let provider = try GroupCrypto.provider(configuration.crypto, cipherSuite)
        let now = configuration.clock()
        var caps = capabilities ?? GroupCrypto.defaultCapabilities(suite: cipherSuite)
        for ext in extensions where !GroupRules.isDefaultExtension(ext.extensionType) && !caps.extensions.contains(ext.extensionType) {
            caps.extensions.append(ext.extensionType)
        }
        let bundle = try KeyPackageBundle.create(
            cipherSuite: cipherSuite, signingIdentity: signer,
            lifetime: lifetime ?? Lifetime(notBefore: now, notAfter: now &+ 90 * 24 * 3600),
            capabilities: caps, crypto: configuration.crypto
        )
        let leaf = bundle.keyPackage.leafNode
        try GroupRules.checkRequiredCapabilities(of: leaf.capabilities, groupExtensions: extensions)
        var tree = RatchetTree(leaf: leaf)
        tree.cacheTreeHashes(provider)
        let id = groupID ?? provider.randomBytes(provider.hashLength).exposedBytes
        let context = GroupContext(
            version: .mls10, cipherSuite: cipherSuite, groupID: id, epoch: 0,
            treeHash: tree.treeHash(provider),
            confirmedTranscriptHash: [], extensions: extensions
        )
        let secrets = try mapError(.invalidGroupState, "epoch secrets") {
            try EpochSecrets(epochSecret: provider.randomBytes(provider.hashLength), provider: provider)
        }
        let tag = provider.mac(key: secrets.confirmationKey, data: [])
        let interim = GroupTranscript.interim(confirmed: [], confirmationTag: tag, provider: provider)
        return try MLSGroup(
            configuration: configuration, provider: provider, context: context, tree: tree,
            treeKeys: TreeKEMPrivateState(
                leafIndex: LeafIndex(0),
                leafKey: KeyPair(privateKey: bundle.encryptionPrivateKey, publicKey: leaf.encryptionKey)
            ),
            ownLeafIndex: LeafIndex(0),
            signer: signer, secrets: secrets, interimTranscriptHash: interim, confirmationTag: tag
        )
    }
}
