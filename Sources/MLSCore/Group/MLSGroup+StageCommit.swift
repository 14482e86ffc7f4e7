import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Checks a received commit completely (RFC 9420 §12.4.2) and computes the new epoch,
    /// without changing the group.
    func stageCommit(_ commit: Commit, authenticated: AuthenticatedContent, pskStore: PreSharedKeyStore) throws(MLSError) -> StagedCommit {
        let committer = authenticated.content.sender
        guard let confirmationTag = authenticated.auth.confirmationTag else {
            throw MLSError(.missingConfirmationTag, "commit")
        }

        // Resolve the proposal list.
        var resolved: [CommittedProposal] = []
        for item in commit.proposals {
            switch item {
            case .proposal(let proposal):
                resolved.append(CommittedProposal(proposal: proposal, sender: committer, reference: nil))
            case .reference(let reference):
                guard let entry = proposalCache.entry(for: reference) else {
                    throw MLSError(.proposalUnknownReference, "proposal reference")
                }
                resolved.append(CommittedProposal(proposal: entry.proposal, sender: entry.sender, reference: reference))
            }
        }
        let applier = ProposalApplier(provider: provider, now: now, context: groupContext, maxLifetime: configuration.maxLeafLifetime)
        var applied = try applier.apply(resolved, committer: committer, tree: tree)
        if applied.pathRequired, commit.path == nil { throw MLSError(.commitMissingPath, "path") }

        // The committer's leaf: its member index, or for an external commit the leftmost blank
        // leaf of the new tree (§12.4.3.2).
        let committerIndex: LeafIndex
        switch committer {
        case .member(let index): committerIndex = index
        case .newMemberCommit: committerIndex = applied.tree.groupLeftmostFreeLeaf()
        default: throw MLSError(.invalidSenderType, "commit sender")
        }

        let newMembers = Set(applied.added.map(\.0))
        let removesSelf = applied.removed.contains { $0.0 == ownLeafIndex }
        var newTreeKeys = treeKeys
        // Our own pending Update proposal, if committed, gives our new leaf key.
        if let ownUpdate = applied.updated.first(where: { $0.0 == ownLeafIndex }) {
            guard let key = pendingUpdateKeys[ownUpdate.1.encryptionKey] else {
                throw MLSError(.publicKeyMismatch, "own update not sent by this client")
            }
            newTreeKeys.setLeafKey(KeyPair(privateKey: key, publicKey: ownUpdate.1.encryptionKey))
        }

        var commitSecret: SecretBytes? = nil
        var provisional = groupContext
        provisional.epoch = groupContext.epoch &+ 1
        provisional.extensions = applied.extensions
        if let path = commit.path {
            // An external joiner has no previous leaf (its slot may have held a removed member).
            let oldLeaf: LeafNode? = if case .member = committer { tree.leafNode(at: committerIndex) } else { nil }
            try validateCommitPath(path, committerIndex: committerIndex, oldLeaf: oldLeaf, applied: applied)
            if case .newMemberCommit = committer {
                guard try applied.tree.add(path.leafNode) == committerIndex else {
                    throw MLSError(.invalidGroupState, "external joiner placement")
                }
            }
            try applied.tree.merge(path, from: committerIndex, newMembers: newMembers, provider, keysCheckedAgainstTree: true)
            applied.tree.cacheTreeHashes(provider)
            provisional.treeHash = applied.tree.treeHash(provider)
            if !removesSelf {
                let processed = try newTreeKeys.process(
                    path, from: committerIndex, mergedTree: applied.tree, newMembers: newMembers,
                    groupContext: provisional.mlsEncoded, provider
                )
                commitSecret = processed.commitSecret
            }
        } else {
            applied.tree.cacheTreeHashes(provider)
            provisional.treeHash = applied.tree.treeHash(provider)
        }
        newTreeKeys.prune(to: applied.tree)

        // Transcript hashes and the new GroupContext (§8.2).
        var newContext = provisional
        newContext.confirmedTranscriptHash = try GroupTranscript.confirmed(
            interim: interimTranscriptHash, authenticated: authenticated, provider: provider
        )

        // Key schedule (§8): init secret (external init?), commit secret, PSKs.
        let initSecret: SecretBytes
        if let externalInit = applied.externalInit {
            do {
                initSecret = try KeySchedule(provider: provider).externalInitSecret(
                    kemOutput: externalInit.kemOutput, externalSecret: secrets.externalSecret
                )
            } catch { throw MLSError(.proposalInvalidExternalInit, "kem_output") }
        } else {
            initSecret = secrets.initSecret
        }
        let pskSecret = try resolvePSKSecret(applied.psks, store: pskStore)
        if removesSelf {
            // A removed member gets no path secret, so it cannot derive the new epoch or check
            // the confirmation tag; the signature and membership tag have been verified.
            return StagedCommit(
                baseEpoch: groupContext.epoch, committer: committer, committerLeafIndex: committerIndex,
                addedMembers: applied.added.map { Member(leafIndex: $0.0, leafNode: $0.1.leafNode) },
                removedMembers: applied.removed.map { Member(leafIndex: $0.0, leafNode: $0.1) },
                updatedMembers: applied.updated.map { Member(leafIndex: $0.0, leafNode: $0.1) },
                pskIDs: applied.psks, proposals: resolved.map(\.proposal), removesSelf: true,
                reInit: applied.reInit, hasPath: commit.path != nil, newGroupContext: newContext,
                newTree: applied.tree, newTreeKeys: newTreeKeys, newSecrets: nil,
                newInterimTranscriptHash: [], newConfirmationTag: confirmationTag
            )
        }
        let output: KeySchedule.Output
        do {
            output = try KeySchedule(provider: provider).advance(
                initSecret: initSecret, commitSecret: commitSecret ?? SecretBytes(zeros: provider.hashLength),
                pskSecret: pskSecret, groupContext: newContext.mlsEncoded
            )
        } catch { throw MLSError(.invalidGroupState, "key schedule") }

        guard provider.verifyMAC(key: output.epochSecrets.confirmationKey, data: newContext.confirmedTranscriptHash, tag: confirmationTag) else {
            throw MLSError(.invalidConfirmationTag, "confirmation_tag")
        }
        let interim = GroupTranscript.interim(
            confirmed: newContext.confirmedTranscriptHash, confirmationTag: confirmationTag, provider: provider
        )

        return StagedCommit(
            baseEpoch: groupContext.epoch,
            committer: committer,
            committerLeafIndex: committerIndex,
            addedMembers: applied.added.map { Member(leafIndex: $0.0, leafNode: $0.1.leafNode) },
            removedMembers: applied.removed.map { Member(leafIndex: $0.0, leafNode: $0.1) },
            updatedMembers: applied.updated.map { Member(leafIndex: $0.0, leafNode: $0.1) },
            pskIDs: applied.psks,
            proposals: resolved.map(\.proposal),
            removesSelf: removesSelf,
            reInit: applied.reInit,
            hasPath: commit.path != nil,
            newGroupContext: newContext,
            newTree: applied.tree,
            newTreeKeys: newTreeKeys,
            newSecrets: output.epochSecrets,
            newInterimTranscriptHash: interim,
            newConfirmationTag: confirmationTag
        )
    }

    /// §12.4.2: the UpdatePath's leaf node is a valid `commit` leaf for the committer's
    /// position, changes its encryption key, and no key of the path is already in the tree.
    func validateCommitPath(_ path: UpdatePath, committerIndex: LeafIndex, oldLeaf: LeafNode?, applied: AppliedProposals) throws(MLSError) {
        let validator = LeafNodeValidator(
            provider: provider, now: now, groupExtensions: applied.extensions,
            maxLifetime: configuration.maxLeafLifetime
        )
        // §12.4.2: the new leaf changes the committer's encryption key, and no public key of
        // the path may already appear anywhere in the tree the proposals produced.
        if let oldLeaf, oldLeaf.encryptionKey == path.leafNode.encryptionKey {
            throw MLSError(.commitPathReusesEncryptionKey, "leaf encryption_key")
        }
        let tree = applied.tree
        // The leaf's key is checked with the path's keys below, in the same pass over the tree.
        try validator.validate(
            path.leafNode, use: .commit, groupID: groupContext.groupID, index: committerIndex, tree: tree
        )
        var seen = Set<KeyBytes>([KeyBytes(path.leafNode.encryptionKey)])
        for node in path.nodes {
            guard seen.insert(KeyBytes(node.encryptionKey)).inserted else {
                throw MLSError(.duplicateEncryptionKey, "update path public key")
            }
        }
        if let index = tree.firstNode(withEncryptionKeyIn: [path.leafNode.encryptionKey] + path.nodes.map(\.encryptionKey)) {
            throw MLSError(
                .duplicateEncryptionKey,
                tree[index]?.encryptionKey == path.leafNode.encryptionKey ? "encryption_key" : "update path public key"
            )
        }
    }

    /// `psk_secret` of §8.4 for the PSKs of a commit, in order.
    func resolvePSKSecret(_ ids: [PreSharedKeyID], store: PreSharedKeyStore) throws(MLSError) -> SecretBytes? {
        guard !ids.isEmpty else { return nil }
        var psks: [(PreSharedKeyID, SecretBytes)] = []
        for id in ids {
            psks.append((id, try lookUpPSK(id, store: store)))
        }
        return try GroupPSK.secret(psks, provider: provider)
    }

    func lookUpPSK(_ id: PreSharedKeyID, store: PreSharedKeyStore) throws(MLSError) -> SecretBytes {
        switch id.psk {
        case .external(let pskID):
            guard let secret = store.externalPSK(id: pskID) else { throw MLSError(.pskNotFound, "external") }
            return secret
        case .resumption(_, let groupID, let epoch):
            if groupID == groupContext.groupID, let secret = resumptionPSKs[epoch] { return secret }
            guard let secret = store.resumptionPSK(groupID: groupID, epoch: epoch) else {
                throw MLSError(.pskNotFound, "resumption")
            }
            return secret
        }
    }
}
