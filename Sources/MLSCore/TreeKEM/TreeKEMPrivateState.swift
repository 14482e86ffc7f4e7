import MLSCrypto

/// One member's private view of the ratchet tree (RFC 9420 §4.2): the HPKE private key of its
/// leaf and of the parent nodes on its direct path whose keys it knows.
///
/// Every key is stored with its public half so that the state can be checked against, and
/// pruned to, the public tree. Keys live in ``SecretBytes`` only.
public struct TreeKEMPrivateState: Sendable {
    /// The member's leaf.
    public let leafIndex: LeafIndex
    /// The HPKE key pair of the member's leaf node.
    public private(set) var leafKey: KeyPair
    /// Key pairs of parent nodes on the member's direct path.
    public internal(set) var nodeKeys: [NodeIndex: KeyPair]

    public init(leafIndex: LeafIndex, leafKey: KeyPair, nodeKeys: [NodeIndex: KeyPair] = [:]) {
        self.leafIndex = leafIndex
        self.leafKey = leafKey
        self.nodeKeys = nodeKeys
    }

    /// A state for `leafIndex` from the leaf's HPKE private key, its public key recomputed.
    public init(leafIndex: LeafIndex, leafPrivateKey: SecretBytes, _ provider: any CipherSuiteProvider) throws(MLSError) {
        let publicKey: [UInt8]
        do { publicKey = try provider.kemPublicKey(privateKey: leafPrivateKey) } catch {
            throw MLSError(.treeCryptoFailure, "leaf public key: \(error.code)")
        }
        self.init(leafIndex: leafIndex, leafKey: KeyPair(privateKey: leafPrivateKey, publicKey: publicKey))
    }

    /// The private key for `node` if this member holds it and its public half is the one in
    /// `tree` (own leaf or a parent on the direct path).
    public func privateKey(for node: NodeIndex, in tree: RatchetTree) -> SecretBytes? {
        guard let publicKey = tree[node]?.encryptionKey else { return nil }
        let pair = node == leafIndex.nodeIndex ? leafKey : nodeKeys[node]
        guard let pair, pair.publicKey == publicKey else { return nil }
        return pair.privateKey
    }

    /// Sets the key of `node` from its path secret (a Welcome's `path_secret`, §12.4.3.1, or a
    /// stored state), checking that the derived public key is the one in `tree`.
    public mutating func setPathSecret(_ pathSecret: SecretBytes, at node: NodeIndex, in tree: RatchetTree,
                                       _ provider: any CipherSuiteProvider) throws(MLSError) {
        guard level(node) > 0, tree.directPath(of: leafIndex).contains(node) else {
            throw MLSError(.inconsistentPrivateState, "\(node) is not on the direct path of \(leafIndex)")
        }
        guard let publicKey = tree[node]?.encryptionKey else {
            throw MLSError(.inconsistentPrivateState, "\(node) is blank")
        }
        let pair = try TreeKEM.nodeKeyPair(pathSecret: pathSecret, provider)
        guard pair.publicKey == publicKey else { throw MLSError(.publicKeyMismatch, "\(node)") }
        nodeKeys[node] = pair
    }

    /// Installs the keys for the path secret of `node` and of every non-blank ancestor of it,
    /// each path secret derived from the previous one (the chain follows the committer's
    /// filtered direct path, whose nodes are exactly the non-blank ones after merging), checking
    /// every derived public key against `tree`. Returns the commit secret: the path secret one
    /// step past the root (RFC 9420 §7.4, §8, §12.4.3.1).
    ///
    /// Applies all keys only if every check passes.
    public mutating func installPathSecrets(from pathSecret: SecretBytes, at node: NodeIndex, in tree: RatchetTree,
                                            _ provider: any CipherSuiteProvider) throws(MLSError) -> SecretBytes {
        let path = tree.directPath(of: leafIndex)
        guard let start = path.firstIndex(of: node), tree[node] != nil else {
            throw MLSError(.inconsistentPrivateState, "\(node) is blank or not on the direct path of \(leafIndex)")
        }
        var staged: [NodeIndex: KeyPair] = [:]
        var secret = pathSecret
        for ancestor in path[start...] {
            guard let publicKey = tree[ancestor]?.encryptionKey else { continue }
            let pair = try TreeKEM.nodeKeyPair(pathSecret: secret, provider)
            guard pair.publicKey == publicKey else { throw MLSError(.publicKeyMismatch, "\(ancestor)") }
            staged[ancestor] = pair
            secret = try TreeKEM.nextPathSecret(secret, provider)
        }
        for (index, pair) in staged { nodeKeys[index] = pair }
        return secret
    }

    /// Replaces the leaf key (after this member's own Update or Commit).
    public mutating func setLeafKey(_ pair: KeyPair) { leafKey = pair }

    /// Drops every node key whose node is blank, off the direct path, or carries another
    /// public key in `tree` (RFC 9420 §7.5: delete replaced key material).
    public mutating func prune(to tree: RatchetTree) {
        let path = Set(tree.directPath(of: leafIndex))
        nodeKeys = nodeKeys.filter { node, pair in
            path.contains(node) && tree[node]?.encryptionKey == pair.publicKey
        }
    }

    /// Checks the state against `tree`: the leaf is non-blank with this leaf key, and every
    /// node key is for a non-blank node on the direct path with the same public key.
    public func verify(against tree: RatchetTree) throws(MLSError) {
        guard let leaf = tree.leafNode(at: leafIndex), leaf.encryptionKey == leafKey.publicKey else {
            throw MLSError(.inconsistentPrivateState, "leaf key of \(leafIndex)")
        }
        let path = Set(tree.directPath(of: leafIndex))
        for (node, pair) in nodeKeys {
            guard path.contains(node), tree[node]?.encryptionKey == pair.publicKey else {
                throw MLSError(.inconsistentPrivateState, "\(node)")
            }
        }
    }

    private func level(_ node: NodeIndex) -> UInt32 { TreeMath.level(node) }
}
