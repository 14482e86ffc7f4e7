import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Joins a group by external commit (RFC 9420 §12.4.3.2) from a GroupInfo carrying
    /// `external_pub`.
    ///
    /// - Parameters:
    ///   - groupInfo: the GroupInfo (`MLSMessage` of wire format `mls_group_info`).
    ///   - ratchetTree: the tree, when the GroupInfo has no `ratchet_tree` extension.
    ///   - resyncRemoving: a leaf holding this client's old appearance, removed by the same
    ///     commit ("resync"); its credential must equal `signer.credential`.
    ///   - psks: PreSharedKeyIDs to inject; each must be in `pskStore`.
    /// - Returns: the group in the new epoch, and the commit to send. If the Delivery
    ///   Service rejects the commit, discard the group.
    public static func joinByExternalCommit(
        groupInfo message: MLSMessage,
        ratchetTree: RatchetTreeNodes? = nil,
        signer: SigningIdentity,
        capabilities: Capabilities? = nil,
        lifetime: Lifetime? = nil,
        resyncRemoving: LeafIndex? = nil,
        psks: [PreSharedKeyID] = [],
        pskStore: PreSharedKeyStore = PreSharedKeyStore(),
        authenticatedData: [UInt8] = [],
        configuration: MLSGroupConfiguration
    ) throws(MLSError) -> (group: MLSGroup, commit: MLSMessage) {
        guard case .groupInfo(let groupInfo) = message.body else { throw MLSError(.unexpectedWireFormat, "expected a GroupInfo") }
        let context = groupInfo.groupContext
        let provider = try GroupCrypto.provider(configuration.crypto, context.cipherSuite)
        let now = configuration.clock()
        var tree = try Self.ratchetTree(from: groupInfo, outOfBand: ratchetTree)
        try verifyGroupInfoSignature(groupInfo, tree: tree, provider: provider)
        try validateTree(&tree, context: context, now: now, maxLifetime: configuration.maxLeafLifetime, provider: provider)
        guard let extPubExt = groupInfo.extensions.first(where: { $0.extensionType == .externalPub }),
              let externalPub = try? ExternalPubExtension(mlsEncoded: extPubExt.extensionData) else {
            throw MLSError(.groupInfoMissingExternalPub, "external_pub")
        }
        if let old = resyncRemoving {
            guard let oldLeaf = tree.leafNode(at: old), oldLeaf.credential == signer.credential else {
                throw MLSError(.proposalInvalidInExternalCommit, "resync must remove our own old leaf")
            }
        }

        // ExternalInit: kem_output and the init secret of the new epoch.
        let (kemOutput, initSecret) = try mapError(.groupInfoMissingExternalPub, "external init") {
            try KeySchedule(provider: provider).externalInit(externalPub: externalPub.externalPub)
        }
        var proposals: [Proposal] = [.externalInit(ExternalInitProposal(kemOutput: kemOutput))]
        if let old = resyncRemoving { proposals.append(.remove(RemoveProposal(removed: old))) }
        proposals += psks.map { .preSharedKey(PreSharedKeyProposal(psk: $0)) }
        let committed = proposals.map { CommittedProposal(proposal: $0, sender: .newMemberCommit, reference: nil) }

        let applier = ProposalApplier(provider: provider, now: now, context: context, maxLifetime: configuration.maxLeafLifetime)
        var applied = try applier.apply(committed, committer: .newMemberCommit, tree: tree)

        // Our leaf, placed at the leftmost free leaf, then the path from it.
        var caps = capabilities ?? GroupCrypto.defaultCapabilities(suite: context.cipherSuite)
        for ext in context.extensions where !GroupRules.isDefaultExtension(ext.extensionType) && !caps.extensions.contains(ext.extensionType) {
            caps.extensions.append(ext.extensionType)
        }
        if !caps.credentials.contains(signer.credentialType) { caps.credentials.append(signer.credentialType) }
        // A placeholder leaf takes the leftmost free position; the path replaces its
        // encryption key, source and signature.
        let placeholder = try GroupCrypto.generateKEM(provider)
        let template = LeafNode(
            encryptionKey: placeholder.publicKey, signatureKey: signer.signaturePublicKey, credential: signer.credential,
            capabilities: caps, source: .commit(parentHash: []), extensions: [], signature: []
        )
        var provisional = context
        provisional.epoch = context.epoch &+ 1
        provisional.extensions = applied.extensions
        let ownIndex = try applied.tree.add(template)
        let provisionalCopy = provisional
        let created = try applied.tree.createUpdatePath(
            sender: ownIndex, leafNode: template, signaturePrivateKey: signer.signaturePrivateKey,
            groupID: context.groupID, newMembers: [], provider,
            groupContext: { treeHash in
                var c = provisionalCopy
                c.treeHash = treeHash
                return c.mlsEncoded
            }
        )
        applied.tree = created.tree
        applied.tree.cacheTreeHashes(provider)
        provisional.treeHash = applied.tree.treeHash(provider)
        // The new leaf must be valid for the group like any other (§12.4.2).
        if let leaf = applied.tree.leafNode(at: ownIndex) {
            let validator = LeafNodeValidator(
                provider: provider, now: now, groupExtensions: applied.extensions,
                maxLifetime: configuration.maxLeafLifetime
            )
            try validator.validate(
                leaf, use: .commit, groupID: context.groupID, index: ownIndex,
                tree: applied.tree
            )
        }

        let commit = Commit(proposals: proposals.map { .proposal($0) }, path: created.updatePath)
        let content = FramedContent(
            groupID: context.groupID, epoch: context.epoch, sender: .newMemberCommit,
            authenticatedData: authenticatedData, body: .commit(commit)
        )
        var authenticated = try mapError(.invalidCredential, "signing") {
            try AuthenticatedContent.sign(
                content: content, wireFormat: .publicMessage, context: context,
                signaturePrivateKey: signer.signaturePrivateKey, provider: provider
            )
        }
        let interimBefore = GroupTranscript.interim(
            confirmed: context.confirmedTranscriptHash, confirmationTag: groupInfo.confirmationTag, provider: provider
        )
        var newContext = provisional
        newContext.confirmedTranscriptHash = try GroupTranscript.confirmed(
            interim: interimBefore, authenticated: authenticated, provider: provider
        )
        var pskList: [(PreSharedKeyID, SecretBytes)] = []
        for id in psks {
            switch id.psk {
            case .external(let pskID):
                guard let secret = pskStore.externalPSK(id: pskID) else { throw MLSError(.pskNotFound, "external") }
                pskList.append((id, secret))
            case .resumption(_, let groupID, let epoch):
                guard let secret = pskStore.resumptionPSK(groupID: groupID, epoch: epoch) else { throw MLSError(.pskNotFound, "resumption") }
                pskList.append((id, secret))
            }
        }
        let pskSecret = pskList.isEmpty ? nil : try GroupPSK.secret(pskList, provider: provider)
        let output = try mapError(.invalidGroupState, "key schedule") {
            try KeySchedule(provider: provider).advance(
                initSecret: initSecret, commitSecret: created.commitSecret, pskSecret: pskSecret,
                groupContext: newContext.mlsEncoded
            )
        }
        let confirmationTag = provider.mac(key: output.epochSecrets.confirmationKey, data: newContext.confirmedTranscriptHash)
        authenticated = authenticated.withConfirmationTag(confirmationTag)
        let publicMessage = try PublicMessage.protect(authenticated, context: context, membershipKey: nil, provider: provider)

        let group = try MLSGroup(
            configuration: configuration, provider: provider, context: newContext, tree: applied.tree,
            treeKeys: created.privateState, ownLeafIndex: ownIndex, signer: signer,
            secrets: output.epochSecrets,
            interimTranscriptHash: GroupTranscript.interim(
                confirmed: newContext.confirmedTranscriptHash, confirmationTag: confirmationTag, provider: provider
            ),
            confirmationTag: confirmationTag
        )
        return (group, MLSMessage(version: .mls10, body: .publicMessage(publicMessage)))
    }
}
