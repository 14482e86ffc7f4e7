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
    ///   - members: the other members' leaves (index and node) against which credential
    ///     support and key uniqueness are checked; the leaf being replaced must be excluded.
    ///   - otherEncryptionKeys: encryption keys of every other node of the tree (leaves and
    ///     parents), for uniqueness.
    func validate(
        _ leaf: LeafNode,
        use: Use,
        groupID: [UInt8],
        index: LeafIndex?,
        members: [(index: LeafIndex, leaf: LeafNode)],
        otherEncryptionKeys: Set<[UInt8]>
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
            try checkCredentialSupport(leaf, members: members)
        case .update, .commit:
            try checkSignature(leaf, groupID: groupID, index: index)
            try checkCredentialSupport(leaf, members: members)
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
        for (otherIndex, other) in members where otherIndex != index {
            if other.signatureKey == leaf.signatureKey {
                throw MLSError(.duplicateSignatureKey, "\(otherIndex)")
            }
        }
        if otherEncryptionKeys.contains(leaf.encryptionKey) {
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

    /// §7.3: the leaf's credential type is supported by every member, and the leaf supports
    /// every credential type in use.
    func checkCredentialSupport(_ leaf: LeafNode, members: [(index: LeafIndex, leaf: LeafNode)]) throws(MLSError) {
        let type = leaf.credential.credentialType
        for (index, member) in members {
            guard member.capabilities.credentials.contains(type) else {
                throw MLSError(.unsupportedCredentialType, "not supported by \(index)")
            }
            guard leaf.capabilities.credentials.contains(member.credential.credentialType) else {
                throw MLSError(.unsupportedCredentialType, "type of \(index) not supported")
            }
        }
    }
}
