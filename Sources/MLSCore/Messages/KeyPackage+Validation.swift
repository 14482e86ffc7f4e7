import MLSCrypto

/// KeyPackage signing and the checks of RFC 9420 §10.1 that need no group state.
///
/// The leaf node checks that depend on the group (capabilities against the group's required
/// capabilities and members, key uniqueness in the tree, lifetime against the injected
/// clock) are done when the KeyPackage is added, by the tree and group code.
extension KeyPackage {
    /// Signs KeyPackageTBS with `signaturePrivateKey` and stores the signature. The leaf node
    /// must already be signed (its signature is part of KeyPackageTBS).
    public mutating func sign(signaturePrivateKey: SecretBytes, provider: any CipherSuiteProvider) throws(CryptoError) {
        signature = try provider.signWithLabel(privateKey: signaturePrivateKey, label: Self.signatureLabel, content: toBeSigned)
    }

    /// Checks `SignWithLabel(., "KeyPackageTBS", KeyPackageTBS)` with the leaf's signature key.
    ///
    /// - Throws: ``MLSError/Code/invalidKeyPackageSignature``.
    public func verifySignature(provider: any CipherSuiteProvider) throws(MLSError) {
        guard provider.verifyWithLabel(
            publicKey: leafNode.signatureKey, label: Self.signatureLabel, content: toBeSigned, signature: signature)
        else { throw MLSError(.invalidKeyPackageSignature, "KeyPackage") }
    }

    /// The group-independent checks of RFC 9420 §10.1, in order: version is `mls10`; the cipher
    /// suite is `provider`'s (the group's); the leaf node's source is `key_package`; the leaf
    /// node's signature verifies; the KeyPackage's signature verifies; `init_key` differs from
    /// the leaf's `encryption_key`.
    ///
    /// - Throws: ``MLSError/Code/unsupportedProtocolVersion``,
    ///   ``MLSError/Code/keyPackageCipherSuiteMismatch``, ``MLSError/Code/invalidLeafNodeSource``,
    ///   ``MLSError/Code/invalidLeafSignature``, ``MLSError/Code/invalidKeyPackageSignature``,
    ///   ``MLSError/Code/keyPackageInitKeyReused``.
    public func validate(provider: any CipherSuiteProvider) throws(MLSError) {
        guard version == .mls10 else { throw MLSError(.unsupportedProtocolVersion, "KeyPackage.version") }
        guard cipherSuite == provider.suite else { throw MLSError(.keyPackageCipherSuiteMismatch, "KeyPackage") }
        guard case .keyPackage = leafNode.source else { throw MLSError(.invalidLeafNodeSource, "KeyPackage.leaf_node") }
        guard provider.verifyWithLabel(
            publicKey: leafNode.signatureKey, label: LeafNode.signatureLabel,
            content: leafNode.toBeSigned(groupID: nil, leafIndex: nil), signature: leafNode.signature)
        else { throw MLSError(.invalidLeafSignature, "KeyPackage.leaf_node") }
        try verifySignature(provider: provider)
        guard initKey != leafNode.encryptionKey else { throw MLSError(.keyPackageInitKeyReused, "KeyPackage") }
    }
}
