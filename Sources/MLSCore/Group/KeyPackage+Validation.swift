import MLSCrypto

extension KeyPackage {
    /// Validates a KeyPackage received from the Delivery Service or in an Add (RFC 9420 §10.1):
    /// version and suite, the leaf node as a `key_package` leaf (signature, capabilities,
    /// lifetime against `now`), the KeyPackage signature, and `init_key != encryption_key`.
    ///
    /// Group-dependent checks (required capabilities, credential support, key uniqueness)
    /// are made when the KeyPackage is added to a group.
    public func validate(
        cipherSuite expectedSuite: CipherSuite,
        version expectedVersion: ProtocolVersion = .mls10,
        now: UInt64,
        provider: any CipherSuiteProvider
    ) throws(MLSError) {
        guard version == expectedVersion else { throw MLSError(.keyPackageVersionMismatch, "version") }
        guard cipherSuite == expectedSuite else { throw MLSError(.keyPackageCipherSuiteMismatch, "cipher_suite") }
        let validator = LeafNodeValidator(
            provider: provider, now: now, groupExtensions: []
        )
        try validator.validate(leafNode, use: .keyPackage, groupID: [], index: nil, members: [], otherEncryptionKeys: [])
        guard provider.verifyWithLabel(publicKey: leafNode.signatureKey, label: "KeyPackageTBS", content: toBeSigned, signature: signature) else {
            throw MLSError(.keyPackageInvalidSignature, "KeyPackageTBS")
        }
        guard initKey != leafNode.encryptionKey else { throw MLSError(.keyPackageInitKeyReused, "init_key") }
    }
}
