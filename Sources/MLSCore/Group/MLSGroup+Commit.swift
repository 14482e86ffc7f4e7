import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Creates a Commit (RFC 9420 §12.4.1) covering `proposals` (by value) and, if chosen,
    /// the proposals pending in this epoch (by reference). Does not change the group: merge
    /// the returned ``CommitOutput/stagedCommit`` to enter the new epoch.
    public func commit(
        _ proposals: [Proposal] = [],
        options: CommitOptions = CommitOptions(),
        pskStore: PreSharedKeyStore = PreSharedKeyStore()
    ) throws(MLSError) -> CommitOutput {
        try makeCommit(proposals, options: options, pskStore: pskStore, allowedResumptionUsage: nil)
    }

    func makeCommit(
        _ proposals: [Proposal], options: CommitOptions, pskStore: PreSharedKeyStore,
        allowedResumptionUsage: ResumptionPSKUsage?
    ) throws(MLSError) -> CommitOutput {
        try checkCanSend()
        for proposal in proposals {
            switch proposal {
            case .update: throw MLSError(.proposalUpdateByCommitter, "the committer updates through the path")
            case .externalInit: throw MLSError(.proposalInvalidExternalInit, "in a regular commit")
            default: continue
            }
        }
        let byValue = proposals.map { CommittedProposal(proposal: $0, sender: .member(ownLeafIndex), reference: nil) }
        var pending = options.includePendingProposals ? selectPendingProposals(byValue: proposals) : []

        let applier = ProposalApplier(
            provider: provider, now: now, context: groupContext, maxLifetime: configuration.maxLeafLifetime,
            allowedResumptionUsage: allowedResumptionUsage
        )
        if !pending.isEmpty, (try? applier.apply(pending + byValue, committer: .member(ownLeafIndex), tree: tree)) == nil {
            // Some received proposal is invalid now (e.g. an expired KeyPackage): keep only those
            // that leave the list valid (§12.4: include the valid proposals received).
            var kept: [CommittedProposal] = []
            for candidate in pending where (try? applier.apply(kept + [candidate] + byValue, committer: .member(ownLeafIndex), tree: tree)) != nil {
                kept.append(candidate)
            }
            pending = kept
        }
        let selected = pending + byValue
        var applied = try applier.apply(selected, committer: .member(ownLeafIndex), tree: tree)

        var provisional = groupContext
        provisional.epoch = groupContext.epoch &+ 1
        provisional.extensions = applied.extensions
        let newMembers = Set(applied.added.map(\.0))
        var newTreeKeys = treeKeys
        var created: CreatedUpdatePath? = nil
        if applied.pathRequired || options.forcePath {
            guard let current = applied.tree.leafNode(at: ownLeafIndex) else { throw MLSError(.groupInactive, "own leaf") }
            let context = provisional
            let result = try applied.tree.createUpdatePath(
                sender: ownLeafIndex, leafNode: current, signaturePrivateKey: signer.signaturePrivateKey,
                groupID: groupContext.groupID, newMembers: newMembers, provider,
                groupContext: { treeHash in
                    var c = context
                    c.treeHash = treeHash
                    return c.mlsEncoded
                }
            )
            applied.tree = result.tree
            newTreeKeys = result.privateState
            created = result
        }
        applied.tree.cacheTreeHashes(provider)
        provisional.treeHash = applied.tree.treeHash(provider)
        newTreeKeys.prune(to: applied.tree)
        let path = created?.updatePath
        let commitSecret = created?.commitSecret

        let commit = Commit(
            proposals: selected.map { $0.reference.map(ProposalOrRef.reference) ?? .proposal($0.proposal) },
            path: path
        )
        let content = FramedContent(
            groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(ownLeafIndex),
            authenticatedData: options.authenticatedData, body: .commit(commit)
        )
        var authenticated = try signContent(content, wireFormat: .publicMessage)

        var newContext = provisional
        newContext.confirmedTranscriptHash = try GroupTranscript.confirmed(
            interim: interimTranscriptHash, authenticated: authenticated, provider: provider
        )
        let pskSecret = try resolvePSKSecret(applied.psks, store: pskStore)
        let output = try mapError(.invalidGroupState, "key schedule") {
            try KeySchedule(provider: provider).advance(
                initSecret: secrets.initSecret, commitSecret: commitSecret, pskSecret: pskSecret,
                groupContext: newContext.mlsEncoded
            )
        }
        let confirmationTag = provider.mac(key: output.epochSecrets.confirmationKey, data: newContext.confirmedTranscriptHash)
        authenticated = authenticated.withConfirmationTag(confirmationTag)
        let publicMessage = try PublicMessage.protect(
            authenticated, context: groupContext, membershipKey: secrets.membershipKey, provider: provider
        )

        // GroupInfo of the new epoch: signed now only for a Welcome; otherwise on request
        // (CommitOutput.groupInfo()), since it signs the whole tree.
        var groupInfoSource = CommitOutput.GroupInfoSource.unsigned(
            group: self, context: newContext, tree: applied.tree,
            externalSecret: output.epochSecrets.externalSecret, confirmationTag: confirmationTag
        )
        var welcome: MLSMessage? = nil
        if !applied.added.isEmpty {
            let groupInfo = try makeGroupInfo(
                context: newContext, tree: applied.tree, externalSecret: output.epochSecrets.externalSecret,
                confirmationTag: confirmationTag
            )
            groupInfoSource = .signed(MLSMessage(version: .mls10, body: .groupInfo(groupInfo)))
            let members = applied.added.map { (index, keyPackage) in
                Welcome.NewMember(
                    keyPackage: keyPackage,
                    pathSecret: created?.pathSecret(forNewMember: index)
                )
            }
            let built = try mapError(.invalidGroupState, "welcome") {
                try Welcome.create(
                    groupInfo: groupInfo, joinerSecret: output.joinerSecret, pskSecret: pskSecret,
                    psks: applied.psks, newMembers: members, provider: provider
                )
            }
            welcome = MLSMessage(version: .mls10, body: .welcome(built))
        }

        let staged = StagedCommit(
            baseEpoch: groupContext.epoch,
            committer: .member(ownLeafIndex),
            committerLeafIndex: ownLeafIndex,
            addedMembers: applied.added.map { Member(leafIndex: $0.0, leafNode: $0.1.leafNode) },
            removedMembers: applied.removed.map { Member(leafIndex: $0.0, leafNode: $0.1) },
            updatedMembers: applied.updated.map { Member(leafIndex: $0.0, leafNode: $0.1) },
            pskIDs: applied.psks,
            proposals: selected.map(\.proposal),
            removesSelf: false,
            reInit: applied.reInit,
            hasPath: path != nil,
            newGroupContext: newContext,
            newTree: applied.tree,
            newTreeKeys: newTreeKeys,
            newSecrets: output.epochSecrets,
            newInterimTranscriptHash: GroupTranscript.interim(
                confirmed: newContext.confirmedTranscriptHash, confirmationTag: confirmationTag, provider: provider
            ),
            newConfirmationTag: confirmationTag
        )
        return CommitOutput(
            commit: MLSMessage(version: .mls10, body: .publicMessage(publicMessage)),
            welcome: welcome,
            stagedCommit: staged,
            groupInfoSource: groupInfoSource
        )
    }

    /// A signed GroupInfo (§12.4.3) for the current epoch, with `external_pub` so that
    /// clients can join by external commit, and the ratchet tree if configured.
    public func groupInfo() throws(MLSError) -> MLSMessage {
        let info = try makeGroupInfo(context: groupContext, tree: tree, externalSecret: secrets.externalSecret, confirmationTag: confirmationTag)
        return MLSMessage(version: .mls10, body: .groupInfo(info))
    }

    func makeGroupInfo(context: GroupContext, tree: RatchetTree, externalSecret: SecretBytes, confirmationTag: [UInt8]) throws(MLSError) -> GroupInfo {
        let external = try mapError(.invalidGroupState, "external key pair") {
            try KeySchedule(provider: provider).externalKeyPair(externalSecret: externalSecret)
        }
        var extensions = [Extension(extensionType: .externalPub, extensionData: ExternalPubExtension(externalPub: external.publicKey).mlsEncoded)]
        if configuration.includeRatchetTreeInWelcome {
            extensions.append(Extension(extensionType: .ratchetTree, extensionData: tree.serialized.mlsEncoded))
        }
        return try mapError(.invalidCredential, "group info signature") {
            try GroupInfo.sign(
                groupContext: context, extensions: extensions, confirmationTag: confirmationTag,
                signer: ownLeafIndex, signaturePrivateKey: signer.signaturePrivateKey, provider: provider
            )
        }
    }

    /// The cached proposals a commit should include (§12.2 SHOULDs): never our own Updates or
    /// a Remove of ourselves, Removes before Updates of the same leaf, the latest Update per
    /// leaf, one GroupContextExtensions, each PSK once, one Add per client, a ReInit only alone.
    func selectPendingProposals(byValue: [Proposal]) -> [CommittedProposal] {
        var removed = Set<LeafIndex>()
        var updatedLatest: [LeafIndex: Int] = [:]
        let entries = proposalCache.entries
        for (i, entry) in entries.enumerated() {
            switch entry.proposal {
            case .remove(let remove) where remove.removed != ownLeafIndex: removed.insert(remove.removed)
            case .update:
                if case .member(let leaf) = entry.sender, leaf != ownLeafIndex { updatedLatest[leaf] = i }
            default: break
            }
        }
        for proposal in byValue { if case .remove(let r) = proposal { removed.insert(r.removed) } }
        var gceSeen = byValue.contains { $0.proposalType == .groupContextExtensions }
        var pskSeen = Set(byValue.compactMap { if case .preSharedKey(let p) = $0 { p.psk } else { nil } })
        var addSeen = Set(byValue.compactMap { if case .add(let a) = $0 { a.keyPackage.leafNode.signatureKey } else { nil } })
        var removeSeen = Set<LeafIndex>(byValue.compactMap { if case .remove(let r) = $0 { r.removed } else { nil } })
        var result: [CommittedProposal] = []
        for (i, entry) in entries.enumerated() {
            let keep: Bool
            switch entry.proposal {
            case .remove(let remove):
                keep = remove.removed != ownLeafIndex && tree.leafNode(at: remove.removed) != nil && removeSeen.insert(remove.removed).inserted
            case .update:
                if case .member(let leaf) = entry.sender { keep = updatedLatest[leaf] == i && !removed.contains(leaf) } else { keep = false }
            case .add(let add):
                let key = add.keyPackage.leafNode.signatureKey
                keep = addSeen.insert(key).inserted && tree.groupLeaf(withSignatureKey: key).map { removed.contains($0) } ?? true
            case .preSharedKey(let psk):
                keep = pskSeen.insert(psk.psk).inserted
            case .groupContextExtensions:
                keep = !gceSeen
                gceSeen = true
            case .reInit:
                keep = entries.count == 1 && byValue.isEmpty
            case .externalInit:
                keep = false
            }
            if keep { result.append(CommittedProposal(proposal: entry.proposal, sender: entry.sender, reference: entry.reference)) }
        }
        return result
    }
}
