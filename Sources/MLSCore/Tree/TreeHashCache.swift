import MLSCrypto

/// The tree hashes of a ``RatchetTree``'s nodes (RFC 9420 §7.8) that are known, so that a
/// commit rehashes only the nodes it changed and their ancestors (O(log n) hashes) instead of
/// the whole tree (O(n)).
///
/// Invariant: if a node's entry is unknown, so are the entries of all its ancestors. Every
/// write to a node clears its entry and its ancestors' (``invalidate(_:leafCount:)``), and
/// entries are only filled bottom-up (``RatchetTree/cacheTreeHashes(_:)``), which keeps it.
/// The entries belong to one cipher suite's hash function; a provider of another suite
/// ignores them.
struct TreeHashCache: Sendable {
    /// The suite whose hash computed the entries; nil while nothing is cached.
    private(set) var suite: CipherSuite?
    /// Per node; an empty array means unknown (a hash is never empty). Chunked like the tree's
    /// nodes, so that invalidating a commit's path in a copied tree does not copy every hash.
    private(set) var hashes = ChunkedArray<[UInt8]>()

    /// The cached hash of `node` for `provider`'s suite, if known.
    func hash(of node: NodeIndex, for provider: any CipherSuiteProvider) -> [UInt8]? {
        let i = Int(node.rawValue)
        guard suite == provider.suite, i < hashes.count, !hashes[i].isEmpty else { return nil }
        return hashes[i]
    }

    /// Makes the cache hold `count` unknown entries for `provider`'s suite, unless it already
    /// holds entries for that suite.
    mutating func prepare(for provider: any CipherSuiteProvider, nodeCount count: Int) {
        guard suite != provider.suite || hashes.count != count else { return }
        suite = provider.suite
        hashes = ChunkedArray(repeating: [], count: count)
    }

    mutating func store(_ hash: [UInt8], at node: NodeIndex) {
        hashes[Int(node.rawValue)] = hash
    }

    /// `node` changed: its hash and every ancestor's are unknown. Stops at the first unknown
    /// entry, whose ancestors are unknown already (the invariant above).
    mutating func invalidate(_ node: NodeIndex, leafCount: UInt32) {
        guard suite != nil else { return }
        var current: NodeIndex? = node
        while let x = current, Int(x.rawValue) < hashes.count, !hashes[Int(x.rawValue)].isEmpty {
            hashes[Int(x.rawValue)] = []
            current = TreeMath.parent(x, leafCount: leafCount)
        }
    }

    /// The tree doubled: the old nodes keep their indices and hashes, `count` new unknown
    /// entries (the new root and right subtree) follow.
    mutating func extend(by count: Int) {
        guard suite != nil else { return }
        hashes.append(repeating: [], count: count)
    }

    /// The tree was halved to `count` nodes.
    mutating func truncate(to count: Int) {
        guard suite != nil, hashes.count > count else { return }
        hashes.removeLast(hashes.count - count)
    }
}
