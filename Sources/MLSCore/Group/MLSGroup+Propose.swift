import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Sends a proposal as a PublicMessage (RFC 9420 §12.1) and caches it, so this member's
    /// next commit can include it by reference.
    public mutating func propose(_ proposal: Proposal, authenticatedData: [UInt8] = []) throws(MLSError) -> MLSMessage {
        try checkCanSend()
        switch proposal {
        case .externalInit: throw MLSError(.proposalInvalidExternalInit, "only inside an external commit")
        case .update: throw MLSError(.proposalUpdateByCommitter, "use proposeUpdate()")
        default: break
        }
        return try sendProposal(proposal, authenticatedData: authenticatedData)
    }

    /// Proposes to replace this member's leaf with fresh encryption keys (§12.1.2). The new
    /// leaf's private key is kept until the epoch ends.
    public mutating func proposeUpdate(authenticatedData: [UInt8] = []) throws(MLSError) -> MLSMessage {
        try checkCanSend()
        guard let current = tree.leafNode(at: ownLeafIndex) else { throw MLSError(.groupInactive, "own leaf") }
        let pair = try GroupCrypto.generateKEM(provider)
        var leaf = current
        leaf.encryptionKey = pair.publicKey
        leaf.source = .update
        leaf.signature = try GroupCrypto.sign(
            provider, signer, label: "LeafNodeTBS", leaf.toBeSigned(groupID: groupContext.groupID, leafIndex: ownLeafIndex)
        )
        let message = try sendProposal(.update(UpdateProposal(leafNode: leaf)), authenticatedData: authenticatedData)
        pendingUpdateKeys[pair.publicKey] = pair.privateKey
        return message
    }

    private mutating func sendProposal(_ proposal: Proposal, authenticatedData: [UInt8]) throws(MLSError) -> MLSMessage {
        let content = FramedContent(
            groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(ownLeafIndex),
            authenticatedData: authenticatedData, body: .proposal(proposal)
        )
        let authenticated = try signContent(content, wireFormat: .publicMessage)
        var keys = protection
        let message = try mapError(.invalidGroupState, "protect") { try keys.protect(authenticated, provider: provider) }
        protection = keys
        proposalCache.insert(ProposalCache.Entry(
            reference: proposalReference(authenticated), proposal: proposal, sender: .member(ownLeafIndex)
        ))
        return message
    }

    func signContent(_ content: FramedContent, wireFormat: WireFormat) throws(MLSError) -> AuthenticatedContent {
        try mapError(.invalidCredential, "signing") {
            try AuthenticatedContent.sign(
                content: content, wireFormat: wireFormat, context: groupContext,
                signaturePrivateKey: signer.signaturePrivateKey, provider: provider
            )
        }
    }

    func checkCanSend() throws(MLSError) {
        guard isActive else { throw MLSError(.groupInactive, "removed from the group") }
        guard pendingReInit == nil else { throw MLSError(.groupInactive, "waiting for re-initialisation") }
    }
}
