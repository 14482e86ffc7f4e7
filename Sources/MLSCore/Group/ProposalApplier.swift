import MLSCrypto

/// Validates a proposal list against the group (RFC 9420 §12.1, §12.2) and applies it in
/// the order of §12.3. Pure: the input tree and context are not modified.
struct ProposalApplier {
    let provider: any CipherSuiteProvider
    let now: UInt64
    let context: GroupContext
    var maxLifetime: UInt64? = nil
    /// The resumption usage allowed besides `application`: `.reinit` while building the first
    /// commit of a re-initialised group (§11.2, §12.1.4).
    var allowedResumptionUsage: ResumptionPSKUsage? = nil

    /// - Parameters:
    ///   - committer: the commit's sender: `.member(i)` or `.newMemberCommit`.
    ///   - proposals: the resolved list, by value and by reference, in commit order.
    func apply(_ proposals: [CommittedProposal], committer: Sender, tree: RatchetTree) throws(MLSError) -> AppliedProposals {
        let isExternal: Bool
        switch committer {
        case .member: isExternal = false
        case .newMemberCommit: isExternal = true
        default: throw MLSError(.invalidSenderType, "commit sender")
        }
        try checkListShape(proposals, committer: committer, isExternal: isExternal, tree: tree)

        var result = AppliedProposals(
            tree: tree, extensions: context.extensions,
            pathRequired: proposals.isEmpty || proposals.contains { GroupRules.requiresPath($0.proposal.proposalType) }
        )

        // 1. GroupContextExtensions: the new extensions govern the rest of the list.
        for item in proposals {
            if case .groupContextExtensions(let gce) = item.proposal { result.extensions = gce.extensions }
        }
        let validator = LeafNodeValidator(
            provider: provider, now: now, groupExtensions: result.extensions, maxLifetime: maxLifetime
        )

        // 2. Updates.
        for item in proposals {
            guard case .update(let update) = item.proposal else { continue }
            guard case .member(let index) = item.sender, let old = result.tree.leafNode(at: index) else {
                throw MLSError(.invalidSenderType, "update from a non-member")
            }
            let tree = result.tree
            try validator.validate(
                update.leafNode, use: .update(replaced: old), groupID: context.groupID, index: index, tree: tree,
                encryptionKeyInUse: { $0 != old.encryptionKey && tree.containsEncryptionKey($0) }
            )
            try result.tree.update(index, with: update.leafNode)
            result.updated.append((index, update.leafNode))
        }

        // 3. Removes.
        for item in proposals {
            guard case .remove(let remove) = item.proposal else { continue }
            guard let old = result.tree.leafNode(at: remove.removed) else {
                throw MLSError(.proposalRemoveBlankLeaf, "\(remove.removed)")
            }
            try result.tree.remove(remove.removed)
            result.removed.append((remove.removed, old))
        }

        // 4. Adds, in list order. Key uniqueness and credential support are O(1) per Add
        // through the tree's key index, which each added leaf extends.
        for item in proposals {
            guard case .add(let add) = item.proposal else { continue }
            let keyPackage = add.keyPackage
            guard keyPackage.version == context.version else { throw MLSError(.unsupportedProtocolVersion, "KeyPackage.version") }
            try keyPackage.validate(provider: provider)
            let tree = result.tree
            try validator.validate(
                keyPackage.leafNode, use: .keyPackage, groupID: context.groupID, index: nil, tree: tree,
                encryptionKeyInUse: { tree.containsEncryptionKey($0) }
            )
            if tree.containsEncryptionKey(keyPackage.initKey) {
                throw MLSError(.duplicateEncryptionKey, "init_key")
            }
            guard GroupRules.supportsGroupExtensions(keyPackage.leafNode.capabilities, result.extensions) else {
                throw MLSError(.leafNodeMissingRequiredCapability, "group context extension")
            }
            let index = try result.tree.add(keyPackage.leafNode)
            result.added.append((index, keyPackage))
        }

        // GroupContextExtensions must be supported by every member after the adds and removes.
        if proposals.contains(where: { $0.proposal.proposalType == .groupContextExtensions }) {
            for (index, leaf) in result.tree.members {
                guard GroupRules.supportsGroupExtensions(leaf.capabilities, result.extensions) else {
                    throw MLSError(.proposalUnsupportedGroupContextExtensions, "\(index)")
                }
                do { try GroupRules.checkRequiredCapabilities(of: leaf.capabilities, groupExtensions: result.extensions) } catch {
                    throw MLSError(.proposalUnsupportedGroupContextExtensions, "required_capabilities at \(index)")
                }
            }
            if let senders = try GroupRules.externalSenders(in: result.extensions) {
                for sender in senders.senders {
                    for (index, leaf) in result.tree.members where !leaf.capabilities.credentials.contains(sender.credential.credentialType) {
                        throw MLSError(.proposalUnsupportedGroupContextExtensions, "external sender credential at \(index)")
                    }
                }
            }
        }

        // 5. PSKs, 6. ExternalInit, 7. ReInit.
        for item in proposals {
            switch item.proposal {
            case .preSharedKey(let psk): result.psks.append(psk.psk)
            case .externalInit(let ext): result.externalInit = ext
            case .reInit(let reInit): result.reInit = reInit
            default: break
            }
        }
        return result
    }

    /// The list rules of §12.2 that do not need the tree to be modified, and the per-proposal
    /// rules of §12.1 that depend only on the proposal.
    private func checkListShape(_ proposals: [CommittedProposal], committer: Sender, isExternal: Bool, tree: RatchetTree) throws(MLSError) {
        var changedLeaves = Set<LeafIndex>()
        var addedKeys = Set<[UInt8]>()
        var removedLeaves = Set<LeafIndex>()
        var pskIDs = Set<PreSharedKeyID>()
        var gceCount = 0
        var externalInitCount = 0

        for item in proposals {
            try checkSenderMayPropose(item)
            switch item.proposal {
            case .update:
                guard case .member(let index) = item.sender else { throw MLSError(.invalidSenderType, "update sender") }
                if case .member(let committerIndex) = committer, committerIndex == index {
                    throw MLSError(.proposalUpdateByCommitter, "\(index)")
                }
                guard changedLeaves.insert(index).inserted else { throw MLSError(.proposalDuplicateLeafChange, "\(index)") }
            case .remove(let remove):
                if case .member(let committerIndex) = committer, committerIndex == remove.removed {
                    throw MLSError(.proposalRemovesCommitter, "\(remove.removed)")
                }
                guard tree.leafNode(at: remove.removed) != nil else { throw MLSError(.proposalRemoveBlankLeaf, "\(remove.removed)") }
                guard changedLeaves.insert(remove.removed).inserted else {
                    throw MLSError(.proposalDuplicateLeafChange, "\(remove.removed)")
                }
                removedLeaves.insert(remove.removed)
            case .add(let add):
                guard addedKeys.insert(add.keyPackage.leafNode.signatureKey).inserted else {
                    throw MLSError(.proposalDuplicateAdd, "same signature key twice")
                }
            case .preSharedKey(let psk):
                guard psk.psk.pskNonce.count == provider.hashLength else { throw MLSError(.proposalInvalidPSK, "psk_nonce length") }
                if case .resumption(let usage, _, _) = psk.psk.psk, usage != .application, usage != allowedResumptionUsage {
                    throw MLSError(.proposalInvalidPSK, "resumption usage outside reinit/branch")
                }
                guard pskIDs.insert(psk.psk).inserted else { throw MLSError(.proposalDuplicatePSK, "psk") }
            case .reInit(let reInit):
                guard proposals.count == 1 else { throw MLSError(.proposalReInitNotAlone, "reinit") }
                guard reInit.version.rawValue >= context.version.rawValue else {
                    throw MLSError(.proposalReInitVersionDowngrade, "version")
                }
            case .externalInit:
                guard isExternal else { throw MLSError(.proposalInvalidExternalInit, "in a regular commit") }
                externalInitCount += 1
            case .groupContextExtensions:
                gceCount += 1
                guard gceCount == 1 else { throw MLSError(.proposalMultipleGroupContextExtensions, "gce") }
            }
        }

        // §12.2: an Add for a client already in the group, unless it is removed as well.
        for (index, leaf) in addedKeys.isEmpty ? [] : tree.members
        where addedKeys.contains(leaf.signatureKey) && !removedLeaves.contains(index) {
            throw MLSError(.proposalDuplicateAdd, "client already at \(index)")
        }

        if isExternal {
            guard externalInitCount == 1 else { throw MLSError(.proposalInvalidExternalInit, "external commit needs exactly one") }
            var removes = 0
            for item in proposals {
                guard item.reference == nil else { throw MLSError(.proposalInvalidInExternalCommit, "by reference") }
                switch item.proposal {
                case .externalInit, .preSharedKey: continue
                case .remove:
                    removes += 1
                    guard removes == 1 else { throw MLSError(.proposalInvalidInExternalCommit, "second remove") }
                default:
                    throw MLSError(.proposalInvalidInExternalCommit, "\(item.proposal.proposalType.rawValue)")
                }
            }
        }
    }

    /// §12.1.8: what each sender type may propose.
    private func checkSenderMayPropose(_ item: CommittedProposal) throws(MLSError) {
        switch item.sender {
        case .member, .newMemberCommit:
            return
        case .external:
            guard GroupRules.allowedFromExternalSender(item.proposal.proposalType) else {
                throw MLSError(.proposalTypeNotAllowedForExternalSender, "\(item.proposal.proposalType.rawValue)")
            }
        case .newMemberProposal:
            guard case .add = item.proposal else { throw MLSError(.invalidSenderType, "new_member_proposal must propose an Add") }
        }
    }
}
