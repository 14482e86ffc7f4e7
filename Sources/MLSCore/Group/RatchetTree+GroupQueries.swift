/// Read-only queries the group layer makes on the ratchet tree.
extension RatchetTree {
    /// Number of leaves (blank or not) of the full tree: a power of two (§4.1.1), the size
    /// of the secret tree of the epoch.
    var groupLeafCount: UInt32 {
        var width: UInt32 = 1
        while width < leafCount { width <<= 1 }
        return width
    }

    /// Whether some non-blank node holds `key` as its encryption key: one pass of `==`
    /// (length, then memcmp) over the nodes, without hashing any key.
    func containsEncryptionKey(_ key: [UInt8]) -> Bool {
        nodeStorage.contains { $0?.encryptionKey == key }
    }

    /// The first non-blank node, outside `skipping`, whose encryption key is one of `keys`.
    ///
    /// One pass over the tree for all the keys (a commit checks its d + 1 new keys, §12.4.2):
    /// each node's key is compared by its first eight bytes against the candidates' and with
    /// `==` only when those match, so no key is hashed or copied. O(n + k) for k keys, where k
    /// scans of ``containsEncryptionKey(_:)`` would cost O(n k) memcmp calls.
    func firstNode(withEncryptionKeyIn keys: [[UInt8]], skipping: Set<NodeIndex> = []) -> NodeIndex? {
        guard !keys.isEmpty else { return nil }
        let prefixes = keys.map(Self.keyPrefix)
        return nodeStorage.firstInChunks { base, buffer -> NodeIndex? in
            for i in buffer.indices {
                guard let key = buffer[i]?.encryptionKey else { continue }
                let prefix = Self.keyPrefix(key)
                for j in prefixes.indices where prefixes[j] == prefix && keys[j] == key {
                    let index = NodeIndex(UInt32(base + i))
                    if !skipping.contains(index) { return index }
                }
            }
            return nil
        }
    }

    /// The first eight bytes of a key as an integer (shorter keys padded with their length),
    /// a cheap filter before comparing whole keys.
    @inline(__always)
    private static func keyPrefix(_ key: [UInt8]) -> UInt64 {
        key.withUnsafeBytes { raw in
            if raw.count >= 8 { return raw.loadUnaligned(as: UInt64.self) }
            var value = UInt64(raw.count) << 56
            for (i, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
            return value
        }
    }

    /// §7.3: `leaf`'s credential type is supported by every member other than the one at
    /// `replaced`, and `leaf` supports every credential type those members use.
    func checkCredentialSupport(of leaf: LeafNode, replacing replaced: LeafIndex?) throws(MLSError) {
        let type = leaf.credential.credentialType
        for i in stride(from: 0, to: nodeStorage.count, by: 2) {
            guard case .leaf(let member)? = nodeStorage[i], replaced?.rawValue != UInt32(i / 2) else { continue }
            guard member.capabilities.credentials.contains(type) else {
                throw MLSError(.unsupportedCredentialType, "not supported by \(LeafIndex(UInt32(i / 2)))")
            }
            guard leaf.capabilities.credentials.contains(member.credential.credentialType) else {
                throw MLSError(.unsupportedCredentialType, "type of \(LeafIndex(UInt32(i / 2))) not supported")
            }
        }
    }

    /// §7.3: no member other than the one at `replaced` has `leaf`'s signature key.
    func checkSignatureKeyUnused(by leaf: LeafNode, replacing replaced: LeafIndex?) throws(MLSError) {
        for i in stride(from: 0, to: nodeStorage.count, by: 2) {
            guard case .leaf(let member)? = nodeStorage[i], replaced?.rawValue != UInt32(i / 2) else { continue }
            if member.signatureKey == leaf.signatureKey {
                throw MLSError(.duplicateSignatureKey, "\(LeafIndex(UInt32(i / 2)))")
            }
        }
    }

    /// The leaf whose signature key is `key`, if any.
    func groupLeaf(withSignatureKey key: [UInt8]) -> LeafIndex? {
        members.first { $0.leaf.signatureKey == key }?.index
    }

    /// The leaf an external joiner takes (§12.4.3.2): the leftmost blank leaf, or the first
    /// leaf past the end of the tree. Matches where ``add(_:)`` puts a new leaf.
    func groupLeftmostFreeLeaf() -> LeafIndex {
        for i in stride(from: 0, to: nodeStorage.count, by: 2) where nodeStorage[i] == nil { return LeafIndex(UInt32(i / 2)) }
        return LeafIndex(leafCount)
    }
}
