import MLSCrypto

extension KeyPackage {
    /// Validates a KeyPackage fetched from the Delivery Service or received in an Add
    /// (RFC 9420 §10.1): the group-independent checks of ``validate(provider:)`` (version, suite,
    /// signatures, source, `init_key != encryption_key`), then the leaf node as a `key_package`
    /// leaf (§7.3): credential, capabilities listing its own credential type and extensions,
    /// and its lifetime against `now` (from the injected clock; never skipped).
    ///
    /// The checks that need a group (required capabilities, credential support, key
    /// uniqueness) are made when the KeyPackage is added.
    public func validate(now: UInt64, maxLifetime: UInt64? = nil, provider: any CipherSuiteProvider) throws(MLSError) {
        try validate(provider: provider)
        let validator = LeafNodeValidator(provider: provider, now: now, groupExtensions: [], maxLifetime: maxLifetime)
        try validator.validate(leafNode, use: .keyPackage, groupID: [], index: nil, tree: nil)
    }
}
