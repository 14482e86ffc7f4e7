/// Error codes of the group layer (RFC 9420 §7.3, §10-§13). Each names the rule it enforces;
/// every code has a negative test in `Tests/MLSCoreTests/Group*`.
extension MLSError.Code {

    // MARK: LeafNode (§7.3)

    /// §7.3: the current time is outside the LeafNode's `lifetime`.
    public static let leafNodeLifetimeExpired = Self(rawValue: "mls.leaf_node.lifetime")
    /// §7.2: a `key_package` leaf's lifetime is longer than the configured maximum
    /// (``MLSGroupConfiguration/maxLeafLifetime``).
    public static let leafNodeLifetimeTooLong = Self(rawValue: "mls.leaf_node.lifetime_too_long")
    /// §7.3, §11.1: the LeafNode lacks a capability required by `required_capabilities`, or
    /// does not support an extension of the GroupContext.
    public static let leafNodeMissingRequiredCapability = Self(rawValue: "mls.leaf_node.missing_required_capability")
    /// §5.3: the credential is malformed or not acceptable (empty identity, unknown type).
    public static let invalidCredential = Self(rawValue: "mls.credential.invalid")

    // MARK: Proposals (§12.1, §12.2)

    /// §12.2: an Update proposal sent by the committer.
    public static let proposalUpdateByCommitter = Self(rawValue: "mls.proposal.update_by_committer")
    /// §12.2: a Remove proposal removing the committer.
    public static let proposalRemovesCommitter = Self(rawValue: "mls.proposal.removes_committer")
    /// §12.2: several Update/Remove proposals for the same leaf.
    public static let proposalDuplicateLeafChange = Self(rawValue: "mls.proposal.duplicate_update_or_remove")
    /// §12.1.3: a Remove of a blank or out-of-range leaf.
    public static let proposalRemoveBlankLeaf = Self(rawValue: "mls.proposal.remove_blank_leaf")
    /// §12.2: two Adds for the same client (identical signature keys), or an Add for a client
    /// already in the group and not removed by the same commit.
    public static let proposalDuplicateAdd = Self(rawValue: "mls.proposal.duplicate_add")
    /// §12.2: two PreSharedKey proposals for the same PreSharedKeyID.
    public static let proposalDuplicatePSK = Self(rawValue: "mls.proposal.duplicate_psk")
    /// §12.1.4: a `psk_nonce` not of length Nh, or a resumption PSK with usage reinit/branch.
    public static let proposalInvalidPSK = Self(rawValue: "mls.proposal.invalid_psk")
    /// §12.2: more than one GroupContextExtensions proposal.
    public static let proposalMultipleGroupContextExtensions = Self(rawValue: "mls.proposal.multiple_group_context_extensions")
    /// §12.1.7: a GroupContextExtensions proposal whose required capabilities some member
    /// lacks, or whose extensions a member does not support.
    public static let proposalUnsupportedGroupContextExtensions = Self(rawValue: "mls.proposal.unsupported_group_context_extensions")
    /// §12.2: a ReInit together with any other proposal.
    public static let proposalReInitNotAlone = Self(rawValue: "mls.proposal.reinit_not_alone")
    /// §12.1.5: a ReInit to a lower protocol version.
    public static let proposalReInitVersionDowngrade = Self(rawValue: "mls.proposal.reinit_version_downgrade")
    /// §12.2: an ExternalInit in a regular commit, or an external commit without exactly one.
    public static let proposalInvalidExternalInit = Self(rawValue: "mls.proposal.invalid_external_init")
    /// §12.2: an external commit carrying a proposal other than ExternalInit, one Remove and PSKs,
    /// or any proposal by reference.
    public static let proposalInvalidInExternalCommit = Self(rawValue: "mls.proposal.invalid_in_external_commit")
    /// §12.4: a commit references a proposal that is not in the proposal cache.
    public static let proposalUnknownReference = Self(rawValue: "mls.proposal.unknown_reference")

    // MARK: Commit (§12.4)

    /// §12.4: the commit has no path although its proposals (or their absence) require one.
    public static let commitMissingPath = Self(rawValue: "mls.commit.path_required")
    /// §12.4.2: the UpdatePath's leaf node keeps the committer's encryption key.
    public static let commitPathReusesEncryptionKey = Self(rawValue: "mls.commit.path_reuses_encryption_key")
    /// §12.4.2: a PSK referenced by the commit or Welcome is not available.
    public static let pskNotFound = Self(rawValue: "mls.psk.not_found")
    /// §6: the commit was sent by the committer itself through `process` (use `merge` of the
    /// staged commit returned by `commit` instead).
    public static let commitFromSelf = Self(rawValue: "mls.commit.from_self")
    /// §12.4: the group is waiting for a ReInit or the member was removed; it can no longer send.
    public static let groupInactive = Self(rawValue: "mls.group.inactive")

    /// §12.4: application data may not be sent while proposals of the epoch are uncommitted.
    public static let pendingProposals = Self(rawValue: "mls.group.pending_proposals")

    // MARK: Messages (§6)

    /// §6: the message's protocol version is not the group's.
    public static let wrongProtocolVersion = Self(rawValue: "mls.message.wrong_protocol_version")

    // MARK: Welcome and GroupInfo (§12.4.3)

    /// §12.4.3.1: no ratchet tree was supplied (neither extension nor out of band).
    public static let ratchetTreeMissing = Self(rawValue: "mls.welcome.ratchet_tree_missing")
    /// §12.4.3.1: our KeyPackage's leaf node is not in the tree.
    public static let ownLeafNotFound = Self(rawValue: "mls.welcome.own_leaf_not_found")
    /// §12.4.3.1, §11.2: a Welcome using a reinit/branch resumption PSK for a group not at
    /// epoch 1, or a re-initialisation Welcome that does not match the ReInit proposal (group
    /// id, version, suite, extensions, reinit PSK of the old group, every old member present).
    public static let welcomeInvalidResumptionPSK = Self(rawValue: "mls.welcome.invalid_resumption_psk")
    /// §12.4.3.2: the GroupInfo has no `external_pub` extension.
    public static let groupInfoMissingExternalPub = Self(rawValue: "mls.group_info.missing_external_pub")
    /// §11: the group uses a cipher suite or version the provider does not support.
    public static let unsupportedCipherSuite = Self(rawValue: "mls.group.unsupported_cipher_suite")
    /// §12.1.8.1: an external proposal names an external sender index not in `external_senders`.
    public static let unknownExternalSender = Self(rawValue: "mls.message.unknown_external_sender")

    // MARK: State

    /// The persisted state has an unknown format version or is malformed.
    public static let invalidGroupState = Self(rawValue: "mls.group.invalid_state")

    /// The persisted state was written in a format version this library does not read.
    /// Version 1 (unreleased) stored the secret-tree root (`encryption_secret`) of each epoch,
    /// which RFC 9420 §9.2 requires deleting once consumed; such states are rejected, not
    /// migrated. Create or join the group again.
    public static let unsupportedGroupStateVersion = Self(rawValue: "mls.group.unsupported_state_version")
}
