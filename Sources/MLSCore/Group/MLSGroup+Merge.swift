import MLSCrypto

extension MLSGroup {
    /// Enters the epoch of a staged commit (RFC 9420 §12.4.2, last step).
    ///
    /// The current epoch's message keys move to the window of past epochs so late
    /// application messages can still be read; proposals of the old epoch are dropped.
    ///
    /// - Throws: ``MLSError/Code/wrongEpoch`` if the group is no longer in the commit's
    ///   epoch (another commit was merged first).
    public mutating func merge(_ staged: StagedCommit) throws(MLSError) {
        guard staged.baseEpoch == groupContext.epoch,
              constantTimeEquals(staged.newGroupContext.groupID, groupContext.groupID) else {
            throw MLSError(.wrongEpoch, "staged for epoch \(staged.baseEpoch), group at \(groupContext.epoch)")
        }
        if staged.removesSelf {
            // Keep the current epoch's keys for late messages; the group can no longer send.
            isActive = false
            proposalCache.removeAll()
            pendingUpdateKeys.removeAll()
            return
        }
        guard let newSecrets = staged.newSecrets else { throw MLSError(.invalidGroupState, "staged commit without secrets") }
        let newProtection = try Self.makeProtection(
            context: staged.newGroupContext, secrets: newSecrets, tree: staged.newTree, ownLeaf: ownLeafIndex,
            configuration: configuration, provider: provider
        )
        if configuration.pastEpochWindow > 0 {
            pastEpochs.append(PastEpoch(
                keys: protection, signatureKeys: MemberSignatureKeys(tree: tree)
            ))
            if pastEpochs.count > configuration.pastEpochWindow {
                pastEpochs.removeFirst(pastEpochs.count - configuration.pastEpochWindow)
            }
        } else {
            pastEpochs.removeAll()
        }
        groupContext = staged.newGroupContext
        tree = staged.newTree
        treeKeys = staged.newTreeKeys
        // The new secret tree now holds encryption_secret; the group keeps the rest only.
        secrets = GroupEpochSecrets(newSecrets)
        interimTranscriptHash = staged.newInterimTranscriptHash
        confirmationTag = staged.newConfirmationTag
        protection = newProtection
        proposalCache.removeAll()
        pendingUpdateKeys.removeAll()
        resumptionPSKs[groupContext.epoch] = secrets.resumptionPSK
        let keep = UInt64(max(configuration.pastEpochWindow, 1))
        resumptionPSKs = resumptionPSKs.filter { $0.key + keep >= groupContext.epoch }
        if let reInit = staged.reInit { pendingReInit = reInit }
    }

    /// The out-of-order bounds of the group's secret trees.
    static func secretTreeConfiguration(_ configuration: MLSGroupConfiguration) -> SecretTree.Configuration {
        SecretTree.Configuration(
            maxForwardDistance: configuration.maxForwardGeneration,
            maxRetainedKeys: UInt32(clamping: configuration.maxRetainedGenerations)
        )
    }

    /// The message-protection state of an epoch: its secret tree over the tree's leaves and
    /// the members' signature keys.
    ///
    /// The tree's root is `encryption_secret`; deriving `ownLeaf`'s ratchets at once consumes
    /// it (leaving only the root's descendants off that path), so from here on neither the
    /// group nor its stored state holds `encryption_secret` (RFC 9420 §9.2).
    static func makeProtection(
        context: GroupContext, secrets: EpochSecrets, tree: RatchetTree, ownLeaf: LeafIndex,
        configuration: MLSGroupConfiguration, provider: any CipherSuiteProvider
    ) throws(MLSError) -> EpochProtectionKeys {
        var secretTree = try SecretTree(
            encryptionSecret: secrets.encryptionSecret, leafCount: tree.groupLeafCount, provider: provider,
            configuration: secretTreeConfiguration(configuration)
        )
        try mapError(.invalidGroupState, "own leaf ratchets") { try secretTree.deriveLeaf(ownLeaf) }
        let keys = MemberSignatureKeys(tree: tree)
        return EpochProtectionKeys(
            groupContext: context, membershipKey: secrets.membershipKey,
            senderDataSecret: secrets.senderDataSecret, secretTree: secretTree,
            memberSignatureKey: { keys[$0] }
        )
    }
}
