import MLSCodec
import MLSCrypto

/// The versioned binary format of a group's state.
///
/// ```
/// uint8  format_version = 1;
/// CipherSuite cipher_suite;
/// GroupContext group_context;
/// optional<Node> ratchet_tree<V>;
/// uint32 own_leaf;
/// Credential credential; opaque signature_public<V>; opaque signature_private<V>;
/// opaque leaf_private<V>; NodeKey node_keys<V>;         // NodeKey: uint32 node, opaque private<V>
/// opaque epoch_secrets<V>[9];                              // sender data ... init, in that order
/// opaque interim_transcript_hash<V>; opaque confirmation_tag<V>;
/// CachedProposal proposals<V>;                             // opaque ref<V>, Proposal, Sender
/// KeyPair pending_update_keys<V>;                          // opaque public<V>, opaque private<V>
/// ResumptionPSK resumption<V>;                             // uint64 epoch, opaque psk<V>
/// optional<ReInit> pending_reinit; uint8 active;
/// Generation current_generations<V>;                       // uint32 leaf, uint8 kind, uint32 next
/// StoredPastEpoch past_epochs<V>;
/// ```
///
/// The state holds every secret of the group (epoch secrets, private keys, the secret-tree
/// roots of the current and retained epochs): the caller must store it encrypted, e.g. with
/// a key from the platform keychain, and replace it atomically after every change.
///
/// Restoring rebuilds each secret tree from its root and ratchets every sender forward to the
/// generation it had reached; keys of skipped generations kept for out-of-order messages are
/// not restored.
extension MLSGroup {
    static let stateFormatVersion: UInt8 = 1
    /// The largest per-sender generation a stored state may carry (one epoch rarely sees more
    /// than a few thousand messages per sender).
    static let maxRestoredGeneration: UInt32 = 1 << 20

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
        Self.writeGenerations(protection.secretTree, leafCount: tree.groupLeafCount, to: &w)
        w.writeVector { v in
            for past in pastEpochs {
                v.write(past.keys.groupContext)
                v.writeOpaque(past.keys.membershipKey.exposedBytes)
                v.writeOpaque(past.keys.senderDataSecret.exposedBytes)
                v.writeOpaque(past.encryptionSecret.exposedBytes)
                v.write(past.keys.secretTree.leafCount)
                v.writeVector { s in
                    for (leaf, key) in past.signatureKeys.sorted(by: { $0.key < $1.key }) {
                        s.write(leaf)
                        s.writeOpaque(key)
                    }
                }
                Self.writeGenerations(past.keys.secretTree, leafCount: past.keys.secretTree.leafCount, to: &v)
            }
        }
        return w.bytes
    }

    /// Restores a group from ``encoded()``.
    ///
    /// - Throws: ``MLSError/Code/invalidGroupState`` for an unknown format version or a
    ///   malformed or inconsistent state.
    public init(encoded bytes: [UInt8], configuration: MLSGroupConfiguration) throws(MLSError) {
        var r = MLSReader(bytes)
        do {
            guard try r.readUInt8() == Self.stateFormatVersion else { throw MLSError(.invalidGroupState, "unknown format version") }
            let suite = try r.read(CipherSuite.self)
            let provider = try GroupCrypto.provider(configuration.crypto, suite)
            let context = try r.read(GroupContext.self)
            guard context.cipherSuite == suite else { throw MLSError(.invalidGroupState, "cipher suite") }
            let tree = try RatchetTree(try r.read(RatchetTreeNodes.self))
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
            let secrets = try EpochSecrets(restoring: secretValues)
            let interim = try r.readOpaque(maxLength: MLSLimits.maxKeyLength)
            let tag = try r.readOpaque(maxLength: MLSLimits.maxKeyLength)
            var group = try MLSGroup(
                configuration: configuration, provider: provider, context: context, tree: tree, treeKeys: treeKeys,
                ownLeafIndex: own, signer: signer, secrets: secrets, interimTranscriptHash: interim, confirmationTag: tag
            )
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let reference = try v.readOpaque(maxLength: MLSLimits.maxKeyLength)
                group.proposalCache.insert(ProposalCache.Entry(reference: reference, proposal: try v.read(), sender: try v.read()))
            }
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let key = try v.readOpaque(maxLength: MLSLimits.maxKeyLength)
                group.pendingUpdateKeys[key] = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
            }
            group.resumptionPSKs = [:]
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let epoch = try v.readUInt64()
                group.resumptionPSKs[epoch] = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
            }
            group.pendingReInit = try r.readOptional(ReInitProposal.self)
            switch try r.readUInt8() {
            case 0: group.isActive = false
            case 1: group.isActive = true
            default: throw MLSError(.invalidGroupState, "active flag")
            }
            try Self.restoreGenerations(into: &group.protection.secretTree, from: &r)
            var past: [PastEpoch] = []
            try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
                let pastContext = try v.read(GroupContext.self)
                let membership = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                let senderData = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                let encryption = SecretBytes(try v.readOpaque(maxLength: MLSLimits.maxKeyLength))
                let leafCount = try v.readUInt32()
                var signatureKeys: [LeafIndex: [UInt8]] = [:]
                try Self.forEachElement(&v) { (s: inout MLSReader) throws(CodecError) in
                    let leaf = try s.read(LeafIndex.self)
                    signatureKeys[leaf] = try s.readOpaque(maxLength: MLSLimits.maxKeyLength)
                }
                let keysCopy = signatureKeys
                let secretTree: SecretTree
                do {
                    secretTree = try SecretTree(
                        encryptionSecret: encryption, leafCount: leafCount, provider: provider,
                        configuration: group.protection.secretTree.configuration
                    )
                } catch { throw CodecError(.invalidValue, "past secret tree") }
                var keys = EpochProtectionKeys(
                    groupContext: pastContext, membershipKey: membership, senderDataSecret: senderData,
                    secretTree: secretTree, memberSignatureKey: { keysCopy[$0] }
                )
                do { try Self.restoreGenerations(into: &keys.secretTree, from: &v) } catch {
                    throw CodecError(.invalidValue, "past generations")
                }
                past.append(PastEpoch(keys: keys, encryptionSecret: encryption, signatureKeys: signatureKeys))
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

    // struct { uint32 leaf; uint8 kind; uint32 next_generation; } Generation;
    private static func writeGenerations(_ tree: SecretTree, leafCount: UInt32, to w: inout MLSWriter) {
        w.writeVector { v in
            for leaf in 0..<leafCount {
                for (kindByte, kind) in [(UInt8(0), SecretTree.RatchetKind.handshake), (1, .application)] {
                    let next = tree.nextGeneration(for: LeafIndex(leaf), kind: kind)
                    guard next > 0 else { continue }
                    v.write(leaf)
                    v.write(kindByte)
                    v.write(UInt32(clamping: next))
                }
            }
        }
    }

    /// Consumes every generation below the stored one, one by one, so that no key of a used
    /// generation survives the restore.
    private static func restoreGenerations(into tree: inout SecretTree, from r: inout MLSReader) throws {
        var entries: [(LeafIndex, SecretTree.RatchetKind, UInt32)] = []
        try Self.forEachElement(&r) { (v: inout MLSReader) throws(CodecError) in
            let leaf = LeafIndex(try v.readUInt32())
            let kind: SecretTree.RatchetKind
            switch try v.readUInt8() {
            case 0: kind = .handshake
            case 1: kind = .application
            default: throw CodecError(.invalidValue, "ratchet kind")
            }
            let next = try v.readUInt32()
            // Restoring costs one derivation per generation; a state beyond this is corrupt.
            guard next <= Self.maxRestoredGeneration else { throw CodecError(.invalidValue, "generation") }
            entries.append((leaf, kind, next))
        }
        for (leaf, kind, next) in entries {
            for generation in 0..<next { _ = try tree.key(for: leaf, kind: kind, generation: generation) }
        }
    }
}
