import MLSCrypto

extension MLSGroup {
    /// Creates the group announced by a merged ReInit commit (RFC 9420 §11.2) and the commit
    /// adding the other members to it.
    ///
    /// The new group uses the ReInit's group id, version, cipher suite and extensions; its
    /// first commit adds `keyPackages` (fresh KeyPackages of every other member of this group,
    /// in the new suite) and injects this group's `resumption_psk` with usage `reinit`. Send
    /// `commit.welcome` to the members; they join with
    /// ``join(welcome:keyPackages:ratchetTree:pskStore:reinitializing:configuration:)``.
    ///
    /// - Parameter signer: this member's identity in the new group (a new key pair when the
    ///   suite changes); defaults to the current one.
    public func reinitialize(
        keyPackages: [KeyPackage],
        signer newSigner: SigningIdentity? = nil,
        configuration newConfiguration: MLSGroupConfiguration? = nil
    ) throws(MLSError) -> (group: MLSGroup, commit: CommitOutput) {
        guard let reInit = pendingReInit else { throw MLSError(.groupInactive, "no ReInit was committed") }
        let configuration = newConfiguration ?? self.configuration
        let newProvider = try GroupCrypto.provider(configuration.crypto, reInit.cipherSuite)
        var group = try MLSGroup.create(
            groupID: reInit.groupID, cipherSuite: reInit.cipherSuite, signer: newSigner ?? signer,
            extensions: reInit.extensions, configuration: configuration
        )
        let pskID = PreSharedKeyID(
            psk: .resumption(usage: .reinit, pskGroupID: groupContext.groupID, pskEpoch: groupContext.epoch),
            pskNonce: newProvider.randomBytes(newProvider.hashLength).exposedBytes
        )
        var store = PreSharedKeyStore()
        store.addResumptionPSK(groupID: groupContext.groupID, epoch: groupContext.epoch, secret: secrets.resumptionPSK)
        let proposals = keyPackages.map { Proposal.add(AddProposal(keyPackage: $0)) }
            + [.preSharedKey(PreSharedKeyProposal(psk: pskID))]
        let output = try group.makeCommit(
            proposals, options: CommitOptions(includePendingProposals: false), pskStore: store, allowedResumptionUsage: .reinit
        )
        try group.merge(output.stagedCommit)
        return (group, output)
    }
}
