import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Joins a group from a Welcome (RFC 9420 §12.4.3.1).
    ///
    /// - Parameters:
    ///   - welcome: the Welcome (an `MLSMessage` of wire format `mls_welcome`).
    ///   - keyPackages: this client's unused KeyPackages; the Welcome must be for one of them.
    ///   - ratchetTree: the tree, when it is not in the GroupInfo's `ratchet_tree` extension.
    ///   - pskStore: external and resumption PSKs the Welcome may require.
    public static func join(
        welcome message: MLSMessage,
        keyPackages: [KeyPackageBundle],
        ratchetTree: RatchetTreeNodes? = nil,
        pskStore: PreSharedKeyStore = PreSharedKeyStore(),
        reinitializing oldGroup: MLSGroup? = nil,
        configuration: MLSGroupConfiguration
    ) throws(MLSError) -> MLSGroup {
        guard case .welcome(let welcome) = message.body else { throw MLSError(.unexpectedWireFormat, "expected a Welcome") }
        var pskStore = pskStore
        if let oldGroup {
            // §11.2: the old group's last epoch proves membership; it must be waiting for this.
            guard oldGroup.pendingReInit != nil else { throw MLSError(.welcomeInvalidResumptionPSK, "old group has no ReInit") }
            pskStore.addResumptionPSK(groupID: oldGroup.groupID, epoch: oldGroup.epoch, secret: oldGroup.secrets.resumptionPSK)
        }
        guard message.version == .mls10 else { throw MLSError(.wrongProtocolVersion, "version") }
        let provider = try GroupCrypto.provider(configuration.crypto, welcome.cipherSuite)

        // Find our entry among the encrypted secrets and open it.
        guard let bundle = keyPackages.first(where: { welcome.secrets(for: $0.keyPackage.reference(provider)) != nil }) else {
            throw MLSError(.welcomeNotForUs, "new_member")
        }
        let groupSecrets = try welcome.decryptGroupSecrets(
            keyPackage: bundle.keyPackage, initPrivateKey: bundle.initPrivateKey, provider: provider
        )
        try groupSecrets.validatePSKs()
        var resumptionSpecial = 0
        var psks: [(PreSharedKeyID, SecretBytes)] = []
        for id in groupSecrets.psks {
            switch id.psk {
            case .external(let pskID):
                guard let secret = pskStore.externalPSK(id: pskID) else { throw MLSError(.pskNotFound, "external") }
                psks.append((id, secret))
            case .resumption(let usage, let groupID, let epoch):
                if usage != ResumptionPSKUsage.application { resumptionSpecial += 1 }
                guard let secret = pskStore.resumptionPSK(groupID: groupID, epoch: epoch) else {
                    throw MLSError(.pskNotFound, "resumption")
                }
                psks.append((id, secret))
            }
        }
        let pskSecret: SecretBytes? = psks.isEmpty ? nil : try GroupPSK.secret(psks, provider: provider)

        // GroupInfo.
        let schedule = KeySchedule(provider: provider)
        let groupInfo = try mapError(.groupInfoDecryptionFailed) {
            try welcome.decryptGroupInfo(joinerSecret: groupSecrets.joinerSecret, pskSecret: pskSecret, provider: provider)
        }
        let context = groupInfo.groupContext
        guard context.cipherSuite == bundle.keyPackage.cipherSuite else {
            throw MLSError(.welcomeCipherSuiteMismatch, "group info cipher suite")
        }
        guard context.version == bundle.keyPackage.version else { throw MLSError(.wrongProtocolVersion, "group version") }
        if resumptionSpecial > 0, context.epoch != 1 {
            throw MLSError(.welcomeInvalidResumptionPSK, "reinit/branch group must be at epoch 1")
        }

        // Ratchet tree: from the extension, else out of band.
        var tree = try Self.ratchetTree(from: groupInfo, outOfBand: ratchetTree)
        try Self.verifyGroupInfoSignature(groupInfo, tree: tree, provider: provider)
        try Self.validateTree(&tree, context: context, now: configuration.clock(), maxLifetime: configuration.maxLeafLifetime, provider: provider)

        // Our leaf: identical to the KeyPackage's leaf node.
        guard let own = tree.members.first(where: { $0.1 == bundle.keyPackage.leafNode })?.0 else {
            throw MLSError(.ownLeafNotFound, "leaf node of the KeyPackage")
        }
        var treeKeys = try TreeKEMPrivateState(leafIndex: own, leafPrivateKey: bundle.encryptionPrivateKey, provider)
        try treeKeys.verify(against: tree)
        if let pathSecret = groupSecrets.pathSecret {
            _ = try treeKeys.installPathSecrets(
                from: pathSecret.pathSecret, at: TreeMath.commonAncestor(own.nodeIndex, groupInfo.signer.nodeIndex),
                in: tree, provider
            )
        }

        // Key schedule and confirmation.
        let output: KeySchedule.Output
        do {
            output = try schedule.join(joinerSecret: groupSecrets.joinerSecret, pskSecret: pskSecret, groupContext: context.mlsEncoded)
        } catch { throw MLSError(.invalidGroupState, "key schedule") }
        guard provider.verifyMAC(key: output.epochSecrets.confirmationKey, data: context.confirmedTranscriptHash, tag: groupInfo.confirmationTag) else {
            throw MLSError(.invalidConfirmationTag, "group info confirmation_tag")
        }
        if let oldGroup, let reInit = oldGroup.pendingReInit {
            // §12.4.3.1: the Welcome is the one the ReInit announced, uses the old group's
            // reinit PSK, and keeps every member of the old group.
            let usesReInitPSK = groupSecrets.psks.contains {
                if case .resumption(.reinit, let id, let epoch) = $0.psk { id == oldGroup.groupID && epoch == oldGroup.epoch } else { false }
            }
            guard usesReInitPSK, context.groupID == reInit.groupID, context.version == reInit.version,
                  context.cipherSuite == reInit.cipherSuite, context.extensions == reInit.extensions else {
                throw MLSError(.welcomeInvalidResumptionPSK, "Welcome does not match the ReInit")
            }
            let newIdentities = Set(tree.members.map(\.leaf.credential))
            guard oldGroup.members.allSatisfy({ newIdentities.contains($0.credential) }) else {
                throw MLSError(.welcomeInvalidResumptionPSK, "a member of the old group is missing")
            }
        }
        let interim = GroupTranscript.interim(
            confirmed: context.confirmedTranscriptHash, confirmationTag: groupInfo.confirmationTag, provider: provider
        )
        return try MLSGroup(
            configuration: configuration, provider: provider, context: context, tree: tree,
            treeKeys: treeKeys, ownLeafIndex: own, signer: bundle.signingIdentity,
            secrets: output.epochSecrets, interimTranscriptHash: interim, confirmationTag: groupInfo.confirmationTag
        )
    }

    /// The initial state of a group this member just entered (creation, Welcome, external commit).
    init(
        configuration: MLSGroupConfiguration, provider: any CipherSuiteProvider, context: GroupContext,
        tree: RatchetTree, treeKeys: TreeKEMPrivateState, ownLeafIndex: LeafIndex, signer: SigningIdentity,
        secrets: EpochSecrets, interimTranscriptHash: [UInt8], confirmationTag: [UInt8]
    ) throws(MLSError) {
        // The secret tree takes encryption_secret; the group keeps only the other secrets.
        let protection = try Self.makeProtection(
            context: context, secrets: secrets, tree: tree, ownLeaf: ownLeafIndex, configuration: configuration, provider: provider
        )
        self.init(
            configuration: configuration, provider: provider, context: context, tree: tree, treeKeys: treeKeys,
            ownLeafIndex: ownLeafIndex, signer: signer, retainedSecrets: GroupEpochSecrets(secrets), protection: protection,
            interimTranscriptHash: interimTranscriptHash, confirmationTag: confirmationTag
        )
    }

    /// A group in an epoch whose secret tree already exists (a fresh one, or one restored
    /// from a stored state with its ratchets where they were).
    init(
        configuration: MLSGroupConfiguration, provider: any CipherSuiteProvider, context: GroupContext,
        tree: RatchetTree, treeKeys: TreeKEMPrivateState, ownLeafIndex: LeafIndex, signer: SigningIdentity,
        retainedSecrets secrets: GroupEpochSecrets, protection: EpochProtectionKeys,
        interimTranscriptHash: [UInt8], confirmationTag: [UInt8]
    ) {
        self.configuration = configuration
        self.provider = provider
        self.groupContext = context
        self.tree = tree
        self.treeKeys = treeKeys
        self.ownLeafIndex = ownLeafIndex
        self.signer = signer
        self.secrets = secrets
        self.interimTranscriptHash = interimTranscriptHash
        self.confirmationTag = confirmationTag
        self.proposalCache = ProposalCache()
        self.pendingUpdateKeys = [:]
        self.protection = protection
        self.pastEpochs = []
        self.resumptionPSKs = [context.epoch: secrets.resumptionPSK]
        self.pendingReInit = nil
        self.isActive = true
    }

    /// The tree of a GroupInfo: its `ratchet_tree` extension, else the one given out of band.
    static func ratchetTree(from groupInfo: GroupInfo, outOfBand: RatchetTreeNodes?) throws(MLSError) -> RatchetTree {
        let nodes: RatchetTreeNodes
        if let ext = groupInfo.extensions.first(where: { $0.extensionType == .ratchetTree }) {
            do { nodes = try RatchetTreeNodes(mlsEncoded: ext.extensionData) } catch {
                throw MLSError(.ratchetTreeMissing, "malformed ratchet_tree extension")
            }
        } else if let outOfBand {
            nodes = outOfBand
        } else {
            throw MLSError(.ratchetTreeMissing, "no ratchet tree")
        }
        return try RatchetTree(nodes)
    }

    /// §12.4.3: the GroupInfo is signed by the leaf `signer`.
    static func verifyGroupInfoSignature(_ groupInfo: GroupInfo, tree: RatchetTree, provider: any CipherSuiteProvider) throws(MLSError) {
        guard let signer = tree.leafNode(at: groupInfo.signer) else {
            throw MLSError(.invalidGroupInfoSignature, "signer leaf is blank")
        }
        try groupInfo.verifySignature(publicKey: signer.signatureKey, provider: provider)
    }

    /// §12.4.3.1: tree hash, parent hashes, every leaf, unmerged leaves, unique keys.
    /// Leaves the tree hashes cached in `tree` (they are reused by the parent-hash checks and
    /// by every later commit).
    static func validateTree(_ tree: inout RatchetTree, context: GroupContext, now: UInt64, maxLifetime: UInt64?, provider: any CipherSuiteProvider) throws(MLSError) {
        tree.cacheTreeHashes(provider)
        guard tree.treeHash(provider) == context.treeHash else { throw MLSError(.treeHashMismatch, "tree_hash") }
        try tree.validate(groupID: context.groupID, provider: provider)
        let validator = LeafNodeValidator(
            provider: provider, now: now, groupExtensions: context.extensions, maxLifetime: maxLifetime
        )
        for (index, leaf) in tree.members {
            try validator.validate(leaf, use: .treeMember, groupID: context.groupID, index: index, tree: nil)
        }
    }
}
