import MLSCodec
import MLSCrypto

/// The versioned binary format of a group's state.
///
/// ```
/// uint8  format_version = 2;
/// CipherSuite cipher_suite;
/// GroupContext group_context;
/// optional<Node> ratchet_tree<V>;
/// uint32 own_leaf;
/// Credential credential; opaque signature_public<V>; opaque signature_private<V>;
/// opaque leaf_private<V>; NodeKey node_keys<V>;         // NodeKey: uint32 node, opaque private<V>
/// opaque epoch_secrets<V>[8];                              // sender data, exporter, external,
///                                                          // confirm, membership, resumption,
///                                                          // authentication, init (no encryption)
/// opaque interim_transcript_hash<V>; opaque confirmation_tag<V>;
/// CachedProposal proposals<V>;                             // opaque ref<V>, Proposal, Sender
/// KeyPair pending_update_keys<V>;                          // opaque public<V>, opaque private<V>
/// ResumptionPSK resumption<V>;                             // uint64 epoch, opaque psk<V>
/// optional<ReInit> pending_reinit; uint8 active;
/// SecretTreeState secret_tree;                             // current epoch, see SecretTree.State
/// StoredPastEpoch past_epochs<V>;
///
/// struct {
///     GroupContext group_context;
///     opaque membership_key<V>;
///     opaque sender_data_secret<V>;
///     SignatureKey signature_keys<V>;                      // uint32 leaf, opaque key<V>
///     SecretTreeState secret_tree;
/// } StoredPastEpoch;
/// ```
///
/// The state holds the group's live secrets (current epoch secrets, private keys, the live
/// secret trees of the current and retained epochs): the caller must store it encrypted,
/// e.g. with a key from the platform keychain, and replace it atomically after every change.
///
/// It holds no `encryption_secret` and nothing of a consumed generation: each secret tree is
/// stored as its live state (``SecretTree/State``: unconsumed node secrets, each sender's next
/// ratchet secret, retained keys of skipped generations), so a stolen state cannot re-derive
/// the keys of messages already received (RFC 9420 §9.2). Restoring keeps retained
/// out-of-order keys and continues every ratchet exactly where it was.
///
/// Version 1 (never released) stored the secret-tree roots and is rejected with
/// ``MLSError/Code/unsupportedGroupStateVersion``; there is no migration.
extension MLSGroup {
    static let stateFormatVersion: UInt8 = 2

    /// The whole group state (see the format above). Contains secrets: store it encrypted.
    public func encoded() -> [UInt8] {
        var w = MLSWriter()
        w.write(Self.stateFormatVersion)
        w.write(groupContext.cipherSuite)
        w.write(groupContext)
        w.write(tree.serialized)
        w.write(ownLeafIndex)
        w.write(signer.credential)
        w.writeOpaque(signer.signaturePublicKey)
        w.writeOpaque(signer.signaturePrivateKey.exposedBytes)
        w.writeOpaque(treeKeys.leafKey.privateKey.exposedBytes)
        w.writeVector { v in
            for (node, pair) in treeKeys.nodeKeys.sorted(by: { $0.key < $1.key }) {
                v.write(node)
                v.writeOpaque(pair.privateKey.exposedBytes)
            }
        }
        w.writeVector { v in for value in secrets.storedValues { v.writeOpaque(value.exposedBytes) } }
        w.writeOpaque(interimTranscriptHash)
        w.writeOpaque(confirmationTag)
        w.writeVector { v in
            for entry in proposalCache.entries {
                v.writeOpaque(entry.reference)
                v.write(entry.proposal)
                v.write(entry.sender)
            }
        }
        w.writeVector { v in
            for (key, value) in pendingUpdateKeys.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                v.writeOpaque(key)
                v.writeOpaque(value.exposedBytes)
            }
        }
        w.writeVector { v in
            for (epoch, psk) in resumptionPSKs.sorted(by: { $0.key < $1.key }) {
                v.write(epoch)
                v.writeOpaque(psk.exposedBytes)
            }
        }
        w.writeOptional(pendingReInit)
        w.write(UInt8(isActive ? 1 : 0))
        w.write(protection.secretTree.state)
        w.writeVector { v in
            for past in pastEpochs {
                v.write(past.keys.groupContext)
                v.writeOpaque(past.keys.membershipKey.exposedBytes)
                v.writeOpaque(past.keys.senderDataSecret.exposedBytes)
                v.writeVector { s in
                    for (leaf, key) in past.signatureKeys.sorted {
                        s.write(leaf)
                        s.writeOpaque(key)
                    }
                }
                v.write(past.keys.secretTree.state)
            }
        }
        return w.bytes
    }

    /// Restores a group from ``encoded()``.
    ///
    /// - Throws: ``MLSError/Code/unsupportedGroupStateVersion`` for any format version but 2
    ///   (version 1 stored secret-tree roots and is deliberately not readable), and
    ///   ``MLSError/Code/invalidGroupState`` for a malformed or inconsistent state.
    public init(encoded bytes: [UInt8], configuration: MLSGroupConfiguration) throws(MLSError) {
        var r = MLSReader(bytes)
        do {
            let version = try r.readUInt8()
            guard version == Self.stateFormatVersion else {
                throw MLSError(
                    .unsupportedGroupStateVersion,
                    version == 1 ? "format version 1 (unreleased, stored secret-tree roots) is not supported" : "unknown format version \(version)"
                )
            }
            let suite = try r.read(CipherSuite.self)
            let provider = try GroupCrypto.provider(configuration.crypto, suite)
            let context = try r.read(GroupContext.self)
            guard context.cipherSuite == suite else { throw MLSError(.invalidGroupState, "cipher suite") }
            var tree = try RatchetTree(try r.read(RatchetTreeNodes.self))
            // The tree-hash cache is not stored; rebuild it once here (O(n) hashes), or every
            // commit created or processed from this restored value would rehash the whole tree.
            tree.cacheTreeHashes(provider)
            let own = try r.read(LeafIndex.self)
            let credential = try r.read(Credential.self)
            let signaturePublic = try r.readOpaque(maxLength: MLSLimits.maxKeyLength)
            let signer = SigningIdentity(
                credential: credential, publicKey: signaturePublic,
                privateKey: SecretBytes(try r.readOpaque(maxLength: MLSLimits.maxKeyLength))
            )
            guard let ownLeaf = tree.leafNode(at: own) else { throw MLSError(.invalidGroupState, "own leaf") }
            let leafPrivate = SecretBytes(try r.readOpaque(maxLength: MLSLimits.maxKeyLength))
            var nodeKeys: [NodeIndex: KeyPair] = [:]
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let node = try v.read(NodeIndex.self)
                let key = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                guard let publicKey = tree[node]?.encryptionKey else { throw CodecError(.invalidValue, "node key of a blank node") }
                nodeKeys[node] = KeyPair(privateKey: key, publicKey: publicKey)
            }
            let treeKeys = TreeKEMPrivateState(
                leafIndex: own, leafKey: KeyPair(privateKey: leafPrivate, publicKey: ownLeaf.encryptionKey), nodeKeys: nodeKeys
            )
            var secretValues: [SecretBytes] = []
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                secretValues.append(SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength)))
            }
            let secrets = try GroupEpochSecrets(restoring: secretValues)
            let interim = try r.readOpaque(maxLength: MLSLimits.maxKeyLength)
            let tag = try r.readOpaque(maxLength: MLSLimits.maxKeyLength)
            var proposals: [ProposalCache.Entry] = []
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let reference = try v.readOpaque(maxLength: MLSLimits.maxKeyLength)
                proposals.append(ProposalCache.Entry(reference: reference, proposal: try v.read(), sender: try v.read()))
            }
            var pendingUpdateKeys: [[UInt8]: SecretBytes] = [:]
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let key = try v.readOpaque(maxLength: MLSLimits.maxKeyLength)
                pendingUpdateKeys[key] = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
            }
            var resumptionPSKs: [UInt64: SecretBytes] = [:]
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let epoch = try v.readUInt64()
                resumptionPSKs[epoch] = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
            }
            let pendingReInit = try r.readOptional(ReInitProposal.self)
            let isActive: Bool
            switch try r.readUInt8() {
            case 0: isActive = false
            case 1: isActive = true
            default: throw MLSError(.invalidGroupState, "active flag")
            }
            let treeConfiguration = Self.secretTreeConfiguration(configuration)
            let secretTree = try Self.restoreSecretTree(
                try r.read(SecretTree.State.self), leafCount: tree.groupLeafCount, provider: provider, configuration: treeConfiguration
            )
            let signatureKeys = MemberSignatureKeys(tree: tree)
            var group = MLSGroup(
                configuration: configuration, provider: provider, context: context, tree: tree, treeKeys: treeKeys,
                ownLeafIndex: own, signer: signer, retainedSecrets: secrets,
                protection: EpochProtectionKeys(
                    groupContext: context, membershipKey: secrets.membershipKey, senderDataSecret: secrets.senderDataSecret,
                    secretTree: secretTree, memberSignatureKey: { signatureKeys[$0] }
                ),
                interimTranscriptHash: interim, confirmationTag: tag
            )
            for entry in proposals { group.proposalCache.insert(entry) }
            group.pendingUpdateKeys = pendingUpdateKeys
            group.resumptionPSKs = resumptionPSKs
            group.pendingReInit = pendingReInit
            group.isActive = isActive
            var past: [PastEpoch] = []
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let pastContext = try v.read(GroupContext.self)
                let membership = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                let senderData = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                var signatureKeys: [LeafIndex: [UInt8]] = [:]
                try Self.forEachElement(&v) { (s: inout MLSReader) throws(CodecError) in
                    let leaf = try s.read(LeafIndex.self)
                    signatureKeys[leaf] = try s.readOpaque(maxLength: MLSLimits.maxKeyLength)
                }
                let state = try v.read(SecretTree.State.self)
                let pastTree: SecretTree
                do {
                    pastTree = try SecretTree(state: state, provider: provider, configuration: treeConfiguration)
                } catch { throw CodecError(.invalidValue, "past secret tree") }
                let keysCopy = MemberSignatureKeys(keys: signatureKeys)
                let keys = EpochProtectionKeys(
                    groupContext: pastContext, membershipKey: membership, senderDataSecret: senderData,
                    secretTree: pastTree, memberSignatureKey: { keysCopy[$0] }
                )
                past.append(PastEpoch(keys: keys, signatureKeys: keysCopy))
            }
            group.pastEpochs = Array(past.suffix(configuration.pastEpochWindow))
            try r.finish("MLSGroup state")
            self = group
        } catch let error as MLSError {
            throw error
        } catch {
            throw MLSError(.invalidGroupState, "malformed state")
        }
    }

    /// Reads a vector and calls `body` for each element until the vector is consumed.
    private static func forEachElement(_ r: inout MLSReader, _ body: (inout MLSReader) throws(CodecError) -> Void) throws(CodecError) {
        try r.readVector { (inner: inout MLSReader) throws(CodecError) in
            var count = 0
            while !inner.isAtEnd {
                count += 1
                guard count <= MLSLimits.maxListCount else { throw CodecError(.lengthLimitExceeded, "list") }
                try body(&inner)
            }
        }
    }

    /// The current epoch's secret tree from its stored live state; it must span the ratchet
    /// tree's leaves.
    private static func restoreSecretTree(
        _ state: SecretTree.State, leafCount: UInt32, provider: any CipherSuiteProvider, configuration: SecretTree.Configuration
    ) throws(MLSError) -> SecretTree {
        guard state.leafCount == leafCount else { throw MLSError(.invalidGroupState, "secret tree size") }
        do {
            return try SecretTree(state: state, provider: provider, configuration: configuration)
        } catch {
            throw MLSError(.invalidGroupState, "secret tree")
        }
    }
}
