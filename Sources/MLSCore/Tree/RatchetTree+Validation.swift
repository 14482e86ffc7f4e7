import MLSCrypto

extension RatchetTree {
    /// Verifies the signature of the leaf node at `leaf` (RFC 9420 §7.2, §7.3). Leaves from a
    /// KeyPackage sign LeafNodeTBS without context; `update` and `commit` leaves sign it with
    /// the group id and their leaf index.
    public static func verifyLeafSignature(_ node: LeafNode, at leaf: LeafIndex, groupID: [UInt8],
                                           _ provider: any CipherSuiteProvider) throws(MLSError) {
        let tbs: [UInt8]
        switch node.source {
        case .keyPackage: tbs = node.toBeSigned(groupID: nil, leafIndex: nil)
        case .update, .commit: tbs = node.toBeSigned(groupID: groupID, leafIndex: leaf)
        }
        guard provider.verifyWithLabel(publicKey: node.signatureKey, label: LeafNode.signatureLabel,
                                       content: tbs, signature: node.signature)
        else { throw MLSError(.invalidLeafSignature, "\(leaf)") }
    }

    /// Signs `node` as the leaf at `leaf` of group `groupID` (LeafNodeTBS, RFC 9420 §7.2).
    public static func sign(_ node: inout LeafNode, at leaf: LeafIndex, groupID: [UInt8],
                            signaturePrivateKey: SecretBytes, _ provider: any CipherSuiteProvider) throws(MLSError) {
        let tbs: [UInt8]
        switch node.source {
        case .keyPackage: tbs = node.toBeSigned(groupID: nil, leafIndex: nil)
        case .update, .commit: tbs = node.toBeSigned(groupID: groupID, leafIndex: leaf)
        }
        do {
            node.signature = try provider.signWithLabel(privateKey: signaturePrivateKey, label: LeafNode.signatureLabel, content: tbs)
        } catch {
            throw MLSError(.treeCryptoFailure, "LeafNodeTBS signature: \(error.code)")
        }
    }

    /// The checks of RFC 9420 §7.3 on a leaf node about to enter the tree at `leaf` (a new
    /// member's, an Update's or an UpdatePath's) that need no group state beyond the tree: its
    /// signature; its credential type and non-default extensions listed in its own
    /// capabilities; its credential type supported by every other member and every other
    /// member's credential type supported by it; its signature key unused by other members; its
    /// encryption key unused by every node of the tree, including the leaf it replaces (§7.3:
    /// an Update must change the encryption key).
    ///
    /// Group-level checks (required capabilities, lifetime against a clock, the leaf node source
    /// expected by the message carrying it) are the caller's.
    public func validateLeaf(_ node: LeafNode, at leaf: LeafIndex, groupID: [UInt8],
                             _ provider: any CipherSuiteProvider) throws(MLSError) {
        try Self.verifyLeafSignature(node, at: leaf, groupID: groupID, provider)
        try Self.checkOwnCapabilities(node, at: leaf)
        // O(1) per check through the key index (credential types: O(types in use)).
        try checkCredentialSupport(of: node, replacing: leaf)
        try checkSignatureKeyUnused(by: node, replacing: leaf)
        if containsEncryptionKey(node.encryptionKey) {
            let index = nodeStorage.indices.first { nodeStorage[$0]?.encryptionKey == node.encryptionKey }
            throw MLSError(.duplicateEncryptionKey, "\(leaf) and node \(index.map { "\($0)" } ?? "?")")
        }
    }

    static func checkOwnCapabilities(_ node: LeafNode, at leaf: LeafIndex) throws(MLSError) {
        guard node.capabilities.credentials.contains(node.credential.credentialType) else {
            throw MLSError(.unsupportedCredentialType, "\(leaf) does not list its own credential type")
        }
        for ext in node.extensions where !ExtensionType.defaultTypes.contains(ext.extensionType) {
            guard node.capabilities.extensions.contains(ext.extensionType) else {
                throw MLSError(.unsupportedLeafExtension, "\(leaf)")
            }
        }
    }

    /// Validates a received tree as a joiner must (RFC 9420 §12.4.3.1), except the checks that
    /// need the GroupContext (tree hash against GroupInfo, required capabilities, lifetimes):
    /// - `unmerged_leaves` strictly increasing, naming non-blank leaves below the parent, and
    ///   listed on every non-blank node between the leaf and the parent (§7.1, §12.4.3.1);
    /// - every non-blank parent is parent-hash valid (§7.9.2);
    /// - every leaf's signature, capabilities and credential-type compatibility (§7.3);
    /// - encryption keys unique across all nodes, signature keys unique across leaves (§7.3).
    public func validate(groupID: [UInt8], provider: any CipherSuiteProvider) throws(MLSError) {
        try validateUnmergedLeaves()
        try verifyParentHashes(provider)
        try validateLeaves(groupID: groupID, provider)
        try validateKeyUniqueness()
    }

    /// Leaf signatures and per-leaf capability checks (RFC 9420 §7.3) for every member.
    public func validateLeaves(groupID: [UInt8], _ provider: any CipherSuiteProvider) throws(MLSError) {
        let all = members
        let credentialTypes = Set(all.map { $0.leaf.credential.credentialType })
        for (leaf, node) in all {
            try Self.verifyLeafSignature(node, at: leaf, groupID: groupID, provider)
            try Self.checkOwnCapabilities(node, at: leaf)
            for type in credentialTypes where !node.capabilities.credentials.contains(type) {
                throw MLSError(.unsupportedCredentialType, "\(leaf) does not support a credential type in use")
            }
        }
    }

    /// Encryption keys unique across every node, signature keys unique across leaves (§7.3).
    /// Keys are hashed once each with a bulk hasher (``KeyBytes``), not byte by byte.
    public func validateKeyUniqueness() throws(MLSError) {
        var encryptionKeys: Set<KeyBytes> = []
        for (index, node) in nodeStorage.enumerated() {
            guard let node else { continue }
            guard encryptionKeys.insert(KeyBytes(node.encryptionKey)).inserted else {
                throw MLSError(.duplicateEncryptionKey, "node \(index)")
            }
        }
        var signatureKeys: Set<KeyBytes> = []
        for (leaf, node) in members {
            guard signatureKeys.insert(KeyBytes(node.signatureKey)).inserted else {
                throw MLSError(.duplicateSignatureKey, "\(leaf)")
            }
        }
    }

    /// The `unmerged_leaves` rules of RFC 9420 §7.1 and §12.4.3.1.
    public func validateUnmergedLeaves() throws(MLSError) {
        // One set per parent so the "listed on every node in between" check stays linear.
        var listed: [NodeIndex: Set<LeafIndex>] = [:]
        for index in stride(from: 1, to: nodeStorage.count, by: 2) {
            let p = NodeIndex(UInt32(index))
            if let parent = parentNode(at: p) { listed[p] = Set(parent.unmergedLeaves) }
        }
        for index in stride(from: 1, to: nodeStorage.count, by: 2) {
            let p = NodeIndex(UInt32(index))
            guard let parent = parentNode(at: p) else { continue }
            var previous: LeafIndex?
            for leaf in parent.unmergedLeaves {
                if let previous, previous >= leaf {
                    throw MLSError(.invalidUnmergedLeaves, "\(p): not strictly increasing")
                }
                previous = leaf
                guard TreeMath.isInSubtree(leaf.nodeIndex, of: p), leafNode(at: leaf) != nil else {
                    throw MLSError(.invalidUnmergedLeaves, "\(p): \(leaf) is blank or not below it")
                }
                for between in directPath(of: leaf) {
                    guard between != p else { break }
                    if let set = listed[between], !set.contains(leaf) {
                        throw MLSError(.invalidUnmergedLeaves, "\(between) does not list \(leaf)")
                    }
                }
            }
        }
    }
}
