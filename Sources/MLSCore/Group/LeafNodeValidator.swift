import MLSCrypto

/// The checks of RFC 9420 §7.3 (Leaf Node Validation), applied wherever a LeafNode enters
/// a group: in a KeyPackage, an Update proposal, the UpdatePath of a Commit, or a ratchet
/// tree received when joining.
struct LeafNodeValidator {
    /// Where the LeafNode appears, which fixes the `leaf_node_source` it must have.
    enum Use {
        /// In a KeyPackage (source `key_package`; the lifetime is checked).
        case keyPackage
        /// In an Update proposal replacing `replaced` (source `update`, new encryption key).
        case update(replaced: LeafNode)
        /// In the UpdatePath of a Commit (source `commit`).
        case commit
        /// Already in a ratchet tree being joined: any source, checked for what it claims.
        case treeMember
    }

    let provider: any CipherSuiteProvider
    /// Current Unix time, from the injected clock.
    let now: UInt64
    /// The GroupContext extensions in force (for `required_capabilities`).
    let groupExtensions: [Extension]
    /// The longest acceptable `not_after - not_before` of a `key_package` leaf (§7.2), or nil.
    var maxLifetime: UInt64? = nil

    /// Validates `leaf` as it would sit at `index` of a group with id `groupID`.
    ///
    /// - Parameters:
    ///   - index: the leaf `leaf` replaces (Update, UpdatePath, external join), nil for an Add.
    ///   - tree: the group's tree, whose members other than the leaf at `index` are the ones
    ///     against which credential support and signature-key uniqueness are checked (O(1)
    ///     through the tree's key index); nil for checks without a group.
    ///   - encryptionKeyInUse: whether an encryption key is held by another node of the tree.
    func validate(
        _ leaf: LeafNode,
        use: Use,
        groupID: [UInt8],
        index: LeafIndex?,
        tree: RatchetTree?,
        encryptionKeyInUse: ([UInt8]) -> Bool = { _ in false }
    ) throws(MLSError) {
        try checkCredential(leaf)
        try checkSource(leaf, use: use)
        switch use {
        case .treeMember:
            // Signatures, credential support and key uniqueness of a received tree are
            // checked for all leaves at once by RatchetTree.validate(groupID:provider:).
            break
        case .keyPackage:
            // The leaf's signature was verified with its KeyPackage: both callers run
            // KeyPackage.validate(provider:) first, which checks it with the same error code.
            try tree?.checkCredentialSupport(of: leaf, replacing: index)
        case .update, .commit:
            try checkSignature(leaf, groupID: groupID, index: index)
            try tree?.checkCredentialSupport(of: leaf, replacing: index)
        }
        try checkCapabilities(leaf)
        if case .keyPackage(let lifetime) = leaf.source {
            // §7.3: always checked against the injected clock, never switched off.
            guard lifetime.notBefore <= now, now <= lifetime.notAfter else {
                throw MLSError(.leafNodeLifetimeExpired, "lifetime")
            }
            if let maxLifetime, lifetime.notAfter < lifetime.notBefore || lifetime.notAfter - lifetime.notBefore > maxLifetime {
                throw MLSError(.leafNodeLifetimeTooLong, "lifetime")
            }
        }
        try tree?.checkSignatureKeyUnused(by: leaf, replacing: index)
        if encryptionKeyInUse(leaf.encryptionKey) {
            throw MLSError(.duplicateEncryptionKey, "encryption_key")
        }
    }

    /// §5.3: a credential we can interpret: a non-empty identity or certificate chain.
    func checkCredential(_ leaf: LeafNode) throws(MLSError) {
        switch leaf.credential {
        case .basic(let identity):
            guard !identity.isEmpty else { throw MLSError(.invalidCredential, "empty basic identity") }
        case .x509(let certificates):
            guard !certificates.isEmpty, certificates.allSatisfy({ !$0.isEmpty }) else {
                throw MLSError(.invalidCredential, "empty certificate chain")
            }
        }
    }

    func checkSource(_ leaf: LeafNode, use: Use) throws(MLSError) {
        switch (use, leaf.source) {
        case (.keyPackage, .keyPackage), (.commit, .commit), (.treeMember, _):
            return
        case (.update(let replaced), .update):
            // §7.3: an Update must change the encryption key.
            guard replaced.encryptionKey != leaf.encryptionKey else {
                throw MLSError(.duplicateEncryptionKey, "update keeps encryption_key")
            }
        default:
            throw MLSError(.invalidLeafNodeSource, "leaf_node_source")
        }
    }

    func checkSignature(_ leaf: LeafNode, groupID: [UInt8], index: LeafIndex?) throws(MLSError) {
        let tbs: [UInt8]
        switch leaf.source {
        case .keyPackage: tbs = leaf.toBeSigned(groupID: nil, leafIndex: nil)
        case .update, .commit:
            guard let index else { throw MLSError(.invalidLeafSignature, "no leaf index") }
            tbs = leaf.toBeSigned(groupID: groupID, leafIndex: index)
        }
        guard provider.verifyWithLabel(publicKey: leaf.signatureKey, label: "LeafNodeTBS", content: tbs, signature: leaf.signature) else {
            throw MLSError(.invalidLeafSignature, "LeafNodeTBS")
        }
    }

    /// §7.2, §7.3, §11.1: the leaf lists its own credential type and the non-default
    /// extensions it carries, and every requirement of `required_capabilities`.
    ///
    /// Support for the group's version and cipher suite is not checked against
    /// `capabilities`: §7.3 does not list that check, and deployed clients (MLSpp's suite 7
    /// leaves in the interop vectors) omit the suite in use.
    func checkCapabilities(_ leaf: LeafNode) throws(MLSError) {
        let caps = leaf.capabilities
        guard caps.credentials.contains(leaf.credential.credentialType) else {
            throw MLSError(.unsupportedCredentialType, "own credential type not in capabilities")
        }
        for ext in leaf.extensions where !GroupRules.isDefaultExtension(ext.extensionType) {
            guard caps.extensions.contains(ext.extensionType) else {
                throw MLSError(.unsupportedLeafExtension, "extension \(ext.extensionType.rawValue)")
            }
        }
        try GroupRules.checkRequiredCapabilities(of: caps, groupExtensions: groupExtensions)
        // §13: every member supports the GroupContext's non-default extensions.
        guard GroupRules.supportsGroupExtensions(caps, groupExtensions) else {
            throw MLSError(.leafNodeMissingRequiredCapability, "group context extension")
        }
    }
}
