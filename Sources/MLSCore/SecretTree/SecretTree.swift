import MLSCodec
import MLSCrypto

/// The secret tree of one epoch (RFC 9420 §9): per-sender handshake and application ratchets
/// derived from the epoch's `encryption_secret`.
///
/// ```
/// tree_node_[N]_secret
///         +--> ExpandWithLabel(., "tree", "left", KDF.Nh)  = tree_node_[left(N)]_secret
///         +--> ExpandWithLabel(., "tree", "right", KDF.Nh) = tree_node_[right(N)]_secret
/// leaf secret
///         +--> ExpandWithLabel(., "handshake", "", KDF.Nh)   = handshake_ratchet_secret_[N]_[0]
///         +--> ExpandWithLabel(., "application", "", KDF.Nh) = application_ratchet_secret_[N]_[0]
/// ```
///
/// Secrets are derived lazily and deleted as soon as they are consumed (RFC 9420 §9.2): deriving
/// a leaf replaces each node secret on its path by the secrets of both children, and the leaf
/// secret by its two ratchets; each handed-out key is removed from its ratchet.
///
/// This is a value type. To consume a key only when a message really decrypts, take it from a
/// copy and keep the copy on success:
///
/// ```swift
/// var staged = secretTree
/// let key = try staged.key(for: sender, kind: .application, generation: generation)
/// let plaintext = try open(with: key)   // throws: `secretTree` is unchanged
/// secretTree = staged
/// ```
public struct SecretTree: Sendable {
    /// Which of a sender's two ratchets to use: handshake for proposals and commits,
    /// application for application data (RFC 9420 §6.3.1).
    public enum RatchetKind: Sendable, Hashable {
        case handshake
        case application
    }

    /// Bounds on out-of-order reception.
    public struct Configuration: Sendable, Hashable {
        /// How far past the next expected generation a received generation may be. Bounds
        /// the hashing one message can cause.
        public var maxForwardDistance: UInt32
        /// How many keys of skipped generations each ratchet keeps for late messages. Older
        /// ones are deleted (and such messages rejected as consumed).
        public var maxRetainedKeys: UInt32

        public init(maxForwardDistance: UInt32 = 1000, maxRetainedKeys: UInt32 = 32) {
            self.maxForwardDistance = maxForwardDistance
            self.maxRetainedKeys = maxRetainedKeys
        }

        /// 1000 generations forward, 32 retained past keys per ratchet.
        public static let `default` = Configuration()
    }

    private struct LeafRatchets: Sendable {
        var handshake: HashRatchet
        var application: HashRatchet
    }

    /// Number of leaves (a power of two, as for the ratchet tree).
    public let leafCount: UInt32
    public let configuration: Configuration
    private let provider: any CipherSuiteProvider
    /// Unconsumed tree-node secrets, by node index.
    private var nodeSecrets: [NodeIndex: SecretBytes]
    /// Ratchets of leaves whose leaf secret has been consumed, by leaf index.
    private var leaves: [UInt32: LeafRatchets]

    /// A secret tree of `leafCount` leaves rooted at `encryptionSecret`.
    ///
    /// Throws ``MLSError/Code/invalidSecretTreeSize`` unless `leafCount` is a power of two no
    /// larger than ``MLSLimits/maxLeaves``, and ``MLSError/Code/invalidSecretLength`` unless the
    /// secret is Nh bytes.
    public init(
        encryptionSecret: SecretBytes, leafCount: UInt32, provider: any CipherSuiteProvider,
        configuration: Configuration = .default
    ) throws(MLSError) {
        guard TreeMath.isPerfect(leafCount: leafCount), leafCount <= MLSLimits.maxLeaves else {
            throw MLSError(.invalidSecretTreeSize, "\(leafCount) leaves")
        }
        guard encryptionSecret.count == provider.hashLength else {
            throw MLSError(.invalidSecretLength, "encryption_secret")
        }
        self.leafCount = leafCount
        self.configuration = configuration
        self.provider = provider
        nodeSecrets = [TreeMath.root(leafCount: leafCount): encryptionSecret]
        leaves = [:]
    }

    /// A tree continuing from a stored live state (see ``State``), e.g. after restoring a
    /// group. The state holds no consumed secret, so neither does the restored tree.
    ///
    /// - Throws: ``MLSError/Code/invalidSecretTreeState`` if the state is inconsistent, a
    ///   secret, key or nonce does not have the suite's length, or a ratchet retains more
    ///   keys than `configuration.maxRetainedKeys`.
    public init(state: State, provider: any CipherSuiteProvider, configuration: Configuration = .default) throws(MLSError) {
        do { try state.validate() } catch { throw MLSError(.invalidSecretTreeState, "inconsistent") }
        let nh = provider.hashLength
        let nk = provider.parameters.aeadKeyLength
        let nn = provider.parameters.aeadNonceLength
        var nodes: [NodeIndex: SecretBytes] = [:]
        for entry in state.nodeSecrets {
            guard entry.secret.count == nh else { throw MLSError(.invalidSecretTreeState, "node secret length") }
            nodes[entry.node] = entry.secret
        }
        var leaves: [UInt32: LeafRatchets] = [:]
        for entry in state.leaves {
            for ratchet in [entry.handshake, entry.application] {
                guard ratchet.secret.map({ $0.count == nh }) ?? true,
                      ratchet.retainedKeys.count <= Int(configuration.maxRetainedKeys),
                      ratchet.retainedKeys.allSatisfy({ $0.key.count == nk && $0.nonce.count == nn }) else {
                    throw MLSError(.invalidSecretTreeState, "ratchet of leaf \(entry.leaf.rawValue)")
                }
            }
            leaves[entry.leaf.rawValue] = LeafRatchets(
                handshake: HashRatchet(restoring: entry.handshake), application: HashRatchet(restoring: entry.application)
            )
        }
        self.leafCount = state.leafCount
        self.configuration = configuration
        self.provider = provider
        self.nodeSecrets = nodes
        self.leaves = leaves
    }

    /// The live state of this tree: unconsumed node secrets, derived leaves' ratchets and
    /// their retained keys, in canonical order. Contains secrets: store it encrypted.
    public var state: State {
        State(
            leafCount: leafCount,
            nodeSecrets: nodeSecrets.sorted { $0.key < $1.key }.map { NodeSecret(node: $0.key, secret: $0.value) },
            leaves: leaves.sorted { $0.key < $1.key }.map {
                LeafRatchetState(leaf: LeafIndex($0.key), handshake: $0.value.handshake.state, application: $0.value.application.state)
            }
        )
    }

    /// The key for the next message `leaf` sends with ratchet `kind` (sender side). The
    /// generation is in ``RatchetKey/generation``; the key is consumed.
    public mutating func nextKey(for leaf: LeafIndex, kind: RatchetKind) throws -> RatchetKey {
        let (derived, update) = try leafState(leaf)
        var ratchets = derived
        let key: RatchetKey
        switch kind {
        case .handshake: key = try ratchets.handshake.nextKey(provider: provider, configuration: configuration)
        case .application: key = try ratchets.application.nextKey(provider: provider, configuration: configuration)
        }
        commit(leaf, ratchets, update)
        return key
    }

    /// The key of generation `generation` of `leaf`'s ratchet `kind` (receiver side); the key
    /// is consumed, and so are the ratchet secrets up to it.
    ///
    /// Throws ``MLSError/Code/secretTreeLeafOutOfRange``,
    /// ``MLSError/Code/ratchetGenerationConsumed`` (used before, or deleted from the retention
    /// window) or ``MLSError/Code/ratchetGenerationTooFarAhead``. On error nothing changes.
    public mutating func key(for leaf: LeafIndex, kind: RatchetKind, generation: UInt32) throws -> RatchetKey {
        let (derived, update) = try leafState(leaf)
        var ratchets = derived
        let key: RatchetKey
        switch kind {
        case .handshake: key = try ratchets.handshake.key(generation: generation, provider: provider, configuration: configuration)
        case .application: key = try ratchets.application.key(generation: generation, provider: provider, configuration: configuration)
        }
        commit(leaf, ratchets, update)
        return key
    }

    /// Derives `leaf`'s two ratchets now, consuming the node secrets on its path (the root
    /// `encryption_secret` included) and keeping their siblings. Keys are unchanged; a member
    /// calls this for its own leaf so the epoch's root is deleted as soon as the tree exists
    /// (RFC 9420 §9.2). Throws ``MLSError/Code/secretTreeLeafOutOfRange``.
    public mutating func deriveLeaf(_ leaf: LeafIndex) throws {
        let (ratchets, update) = try leafState(leaf)
        commit(leaf, ratchets, update)
    }

    /// The next generation `leaf`'s ratchet `kind` would send or expect (2^32 once exhausted).
    public func nextGeneration(for leaf: LeafIndex, kind: RatchetKind) -> UInt64 {
        guard let ratchets = leaves[leaf.rawValue] else { return 0 }
        switch kind {
        case .handshake: return ratchets.handshake.nextGeneration
        case .application: return ratchets.application.nextGeneration
        }
    }

    /// How deriving a leaf's ratchets changes the stored node secrets: one secret on the path
    /// is consumed, and the siblings of the path below it are added.
    private struct PathUpdate {
        var consumed: NodeIndex
        var added: [(NodeIndex, SecretBytes)]
    }

    private mutating func commit(_ leaf: LeafIndex, _ ratchets: LeafRatchets, _ update: PathUpdate?) {
        if let update {
            nodeSecrets.removeValue(forKey: update.consumed)
            for (node, secret) in update.added { nodeSecrets[node] = secret }
        }
        leaves[leaf.rawValue] = ratchets
    }

    /// The ratchets of `leaf` and, if they had to be derived now, how the node secrets change
    /// once the path to the leaf is consumed. Does not change `self`.
    private func leafState(_ leaf: LeafIndex) throws -> (LeafRatchets, PathUpdate?) {
        guard leaf.rawValue < leafCount else {
            throw MLSError(.secretTreeLeafOutOfRange, "\(leaf)")
        }
        if let existing = leaves[leaf.rawValue] { return (existing, nil) }

        // The path from the root down to the leaf.
        let target = leaf.nodeIndex
        var path = [TreeMath.root(leafCount: leafCount)]
        while let last = path.last, last != target {
            guard let next = target < last ? TreeMath.left(last) : TreeMath.right(last) else { break }
            path.append(next)
        }
        // The deepest node on the path that still holds a secret; every node below it is
        // derived now, and the siblings along the way are kept for other leaves.
        guard path.last == target, let start = path.lastIndex(where: { nodeSecrets[$0] != nil }),
              let startSecret = nodeSecrets[path[start]] else {
            // Unreachable: a leaf without ratchets always has a secret on its path.
            throw MLSError(.ratchetGenerationConsumed, "\(leaf) secret")
        }
        var update = PathUpdate(consumed: path[start], added: [])
        var secret = startSecret
        for i in start..<(path.count - 1) {
            guard let leftChild = TreeMath.left(path[i]), let rightChild = TreeMath.right(path[i]) else { break }
            let left = try provider.expandWithLabel(secret, label: "tree", context: Array("left".utf8), length: provider.hashLength)
            let right = try provider.expandWithLabel(secret, label: "tree", context: Array("right".utf8), length: provider.hashLength)
            if path[i + 1] == leftChild {
                update.added.append((rightChild, right))
                secret = left
            } else {
                update.added.append((leftChild, left))
                secret = right
            }
        }
        let ratchets = LeafRatchets(
            handshake: HashRatchet(secret: try provider.expandWithLabel(secret, label: "handshake", context: [], length: provider.hashLength)),
            application: HashRatchet(secret: try provider.expandWithLabel(secret, label: "application", context: [], length: provider.hashLength))
        )
        return (ratchets, update)
    }
}
