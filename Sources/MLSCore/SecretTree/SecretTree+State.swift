import MLSCodec
import MLSCrypto

extension SecretTree {
    /// The live state of one sender ratchet (RFC 9420 §9.1, §9.2): the secret of the next
    /// generation and the keys of skipped generations still retained for late messages.
    ///
    /// ```
    /// struct {
    ///     uint32 generation;
    ///     opaque key<V>;                      // ratchet_key_[N]_[generation], AEAD.Nk bytes
    ///     opaque nonce<V>;                    // ratchet_nonce_[N]_[generation], AEAD.Nn bytes
    /// } RetainedKey;
    ///
    /// struct {
    ///     uint64 next_generation;             // at most 2^32 (2^32: exhausted)
    ///     optional<opaque secret<V>>;         // ratchet_secret_[N]_[next_generation];
    ///                                         // present iff next_generation < 2^32
    ///     RetainedKey retained_keys<V>;       // strictly ascending, all < next_generation
    /// } RatchetState;
    /// ```
    public struct RatchetState: Sendable, Hashable, MLSCodable {
        /// Largest number of retained keys a decoded ratchet state may carry, whatever the
        /// configuration (``SecretTree/init(state:provider:configuration:)`` applies the
        /// configured, usually much smaller, bound).
        public static let maxRetainedKeys = 1 << 16

        /// The lowest generation not yet derived (2^32 once the ratchet is exhausted).
        public var nextGeneration: UInt64
        /// `ratchet_secret_[N]_[nextGeneration]`; nil iff the ratchet is exhausted.
        public var secret: SecretBytes?
        /// Keys of skipped, unconsumed generations, ascending.
        public var retainedKeys: [RatchetKey]

        public init(nextGeneration: UInt64, secret: SecretBytes?, retainedKeys: [RatchetKey]) {
            self.nextGeneration = nextGeneration
            self.secret = secret
            self.retainedKeys = retainedKeys
        }

        public func encode(to writer: inout MLSWriter) {
            writer.write(nextGeneration)
            writer.writeOptional(secret)
            writer.writeVector { v in
                for key in retainedKeys {
                    v.write(key.generation)
                    v.write(key.key)
                    v.write(key.nonce)
                }
            }
        }

        public init(from reader: inout MLSReader) throws(CodecError) {
            nextGeneration = try reader.readUInt64()
            secret = try reader.readOptional(SecretBytes.self)
            var keys: [RatchetKey] = []
            try reader.readVector { (v: inout MLSReader) throws(CodecError) in
                while !v.isAtEnd {
                    guard keys.count < Self.maxRetainedKeys else { throw CodecError(.lengthLimitExceeded, "retained keys") }
                    keys.append(RatchetKey(generation: try v.readUInt32(), key: try v.read(), nonce: try v.read()))
                }
            }
            retainedKeys = keys
            try validate()
        }

        /// The structural rules of the encoding (lengths are checked against the suite later).
        func validate() throws(CodecError) {
            let exhausted = UInt64(UInt32.max) + 1
            guard nextGeneration <= exhausted, (secret == nil) == (nextGeneration == exhausted) else {
                throw CodecError(.invalidValue, "ratchet next generation")
            }
            var previous: UInt64?
            for key in retainedKeys {
                let generation = UInt64(key.generation)
                guard generation < nextGeneration, previous.map({ $0 < generation }) ?? true else {
                    throw CodecError(.invalidValue, "retained key generation")
                }
                previous = generation
            }
        }
    }

    /// The ratchets of one leaf whose leaf secret has been consumed.
    ///
    /// ```
    /// struct {
    ///     uint32 leaf;
    ///     RatchetState handshake;
    ///     RatchetState application;
    /// } LeafRatchetState;
    /// ```
    public struct LeafRatchetState: Sendable, Hashable, MLSCodable {
        public var leaf: LeafIndex
        public var handshake: RatchetState
        public var application: RatchetState

        public init(leaf: LeafIndex, handshake: RatchetState, application: RatchetState) {
            self.leaf = leaf
            self.handshake = handshake
            self.application = application
        }

        public func encode(to writer: inout MLSWriter) {
            writer.write(leaf)
            writer.write(handshake)
            writer.write(application)
        }

        public init(from reader: inout MLSReader) throws(CodecError) {
            leaf = try reader.read()
            handshake = try reader.read()
            application = try reader.read()
        }
    }

    /// A tree-node secret not yet consumed.
    ///
    /// ```
    /// struct {
    ///     uint32 node;                        // node index
    ///     opaque secret<V>;                   // tree_node_[node]_secret, KDF.Nh bytes
    /// } NodeSecret;
    /// ```
    public struct NodeSecret: Sendable, Hashable, MLSCodable {
        public var node: NodeIndex
        public var secret: SecretBytes

        public init(node: NodeIndex, secret: SecretBytes) {
            self.node = node
            self.secret = secret
        }

        public func encode(to writer: inout MLSWriter) {
            writer.write(node)
            writer.write(secret)
        }

        public init(from reader: inout MLSReader) throws(CodecError) {
            node = try reader.read()
            secret = try reader.read()
        }
    }

    /// Exactly the live state of a secret tree, for persistence: the unconsumed node secrets,
    /// the ratchets of leaves already derived, and their retained skipped-generation keys.
    /// Consumed secrets (the root `encryption_secret` once any leaf is derived, inner node
    /// secrets whose children exist, leaf secrets, ratchet secrets and keys of used
    /// generations) are not in it, so a stored state does not undo forward secrecy (§9.2).
    ///
    /// ```
    /// struct {
    ///     uint8 version = 1;
    ///     uint32 leaf_count;                  // power of two, at most MLSLimits.maxLeaves
    ///     NodeSecret node_secrets<V>;         // strictly ascending node index
    ///     LeafRatchetState leaves<V>;         // strictly ascending leaf index
    /// } SecretTreeState;
    /// ```
    ///
    /// The subtrees of the node secrets and the derived leaves partition the leaves exactly
    /// (every leaf is reachable from exactly one of them); decoding rejects anything else.
    public struct State: Sendable, Hashable, MLSCodable {
        /// The only format version.
        public static let version: UInt8 = 1

        public var leafCount: UInt32
        public var nodeSecrets: [NodeSecret]
        public var leaves: [LeafRatchetState]

        public init(leafCount: UInt32, nodeSecrets: [NodeSecret], leaves: [LeafRatchetState]) {
            self.leafCount = leafCount
            self.nodeSecrets = nodeSecrets
            self.leaves = leaves
        }

        public func encode(to writer: inout MLSWriter) {
            writer.write(Self.version)
            writer.write(leafCount)
            writer.writeVector(nodeSecrets)
            writer.writeVector(leaves)
        }

        public init(from reader: inout MLSReader) throws(CodecError) {
            guard try reader.readUInt8() == Self.version else { throw CodecError(.invalidValue, "secret tree state version") }
            leafCount = try reader.readUInt32()
            guard TreeMath.isPerfect(leafCount: leafCount), leafCount <= MLSLimits.maxLeaves else {
                throw CodecError(.invalidValue, "secret tree leaf count")
            }
            nodeSecrets = try reader.readVector(of: NodeSecret.self, maxCount: Int(leafCount))
            leaves = try reader.readVector(of: LeafRatchetState.self, maxCount: Int(leafCount))
            try validate()
        }

        /// Node secrets and derived leaves in canonical order, within the tree, partitioning
        /// its leaves exactly.
        func validate() throws(CodecError) {
            // Subtrees of distinct nodes are nested or disjoint; ordered by node index, their
            // leaf ranges are ordered too when disjoint, so checking neighbours suffices.
            var ranges: [Range<UInt64>] = []
            var previousNode: NodeIndex?
            for entry in nodeSecrets {
                guard TreeMath.contains(entry.node, leafCount: leafCount),
                      previousNode.map({ $0 < entry.node }) ?? true else {
                    throw CodecError(.invalidValue, "node secret index")
                }
                previousNode = entry.node
                let range = TreeMath.leafRange(under: entry.node)
                ranges.append(UInt64(range.lowerBound)..<UInt64(range.lowerBound) + (UInt64(1) << UInt64(entry.node.level)))
            }
            var previousLeaf: UInt32?
            for entry in leaves {
                guard entry.leaf.rawValue < leafCount, previousLeaf.map({ $0 < entry.leaf.rawValue }) ?? true else {
                    throw CodecError(.invalidValue, "leaf ratchet index")
                }
                previousLeaf = entry.leaf.rawValue
                ranges.append(UInt64(entry.leaf.rawValue)..<UInt64(entry.leaf.rawValue) + 1)
            }
            ranges.sort { $0.lowerBound < $1.lowerBound }
            var covered: UInt64 = 0
            for range in ranges {
                // Each range must start exactly where the previous one ended: no overlap, no gap.
                guard range.lowerBound == covered else { throw CodecError(.invalidValue, "secret tree coverage") }
                covered = range.upperBound
            }
            guard covered == UInt64(leafCount) else { throw CodecError(.invalidValue, "secret tree coverage") }
        }
    }

    /// The live state of this tree encoded as ``State`` (contains secrets: store it encrypted).
    public func encodedState() -> [UInt8] { state.mlsEncoded }

    /// A tree continuing from an encoding made by ``encodedState()``.
    ///
    /// - Throws: ``MLSError/Code/invalidSecretTreeState`` for a malformed, inconsistent or
    ///   trailing-byte encoding, or one that does not fit `provider` and `configuration`.
    public init(
        encodedState bytes: [UInt8], provider: any CipherSuiteProvider, configuration: Configuration = .default
    ) throws(MLSError) {
        var reader = MLSReader(bytes)
        let state: State
        do {
            state = try reader.read(State.self)
            try reader.finish("secret tree state")
        } catch {
            throw MLSError(.invalidSecretTreeState, "malformed")
        }
        try self.init(state: state, provider: provider, configuration: configuration)
    }
}
