import MLSCodec
import MLSCrypto

extension MLSGroup {
    /// Processes a PublicMessage or PrivateMessage of this group (RFC 9420 §6, §12).
    ///
    /// - Application messages are decrypted (also from the last
    ///   `configuration.pastEpochWindow` epochs) and returned.
    /// - Proposals are verified and cached for a later commit in this epoch.
    /// - Commits are verified completely and returned as a ``StagedCommit``; the group stays in
    ///   the current epoch until ``merge(_:)``.
    ///
    /// On any error the group is unchanged.
    public mutating func process(_ message: MLSMessage, pskStore: PreSharedKeyStore = PreSharedKeyStore()) throws(MLSError) -> ProcessedMessage {
        guard message.version == groupContext.version else { throw MLSError(.wrongProtocolVersion, "version") }
        switch message.body {
        case .publicMessage(let publicMessage):
            let authenticated = try unprotectPublic(publicMessage)
            return try handle(authenticated, pskStore: pskStore)
        case .privateMessage(let privateMessage):
            guard constantTimeEquals(privateMessage.groupID, groupContext.groupID) else { throw MLSError(.wrongGroupID, "group_id") }
            if privateMessage.epoch != groupContext.epoch {
                guard privateMessage.contentType == .application else {
                    throw MLSError(.wrongEpoch, "handshake from epoch \(privateMessage.epoch)")
                }
                return try processPastEpochApplication(privateMessage)
            }
            var keys = protection
            let authenticated = try Self.unprotectPrivate(privateMessage, keys: &keys, provider: provider)
            let result = try handle(authenticated, pskStore: pskStore)
            protection = keys
            return result
        default:
            throw MLSError(.unexpectedWireFormat, "not a group message")
        }
    }

    /// A late application message from a past epoch still in the window.
    private mutating func processPastEpochApplication(_ message: PrivateMessage) throws(MLSError) -> ProcessedMessage {
        guard let slot = pastEpochs.firstIndex(where: { $0.keys.groupContext.epoch == message.epoch }) else {
            throw MLSError(.wrongEpoch, "epoch \(message.epoch) outside the window")
        }
        var keys = pastEpochs[slot].keys
        let authenticated = try Self.unprotectPrivate(message, keys: &keys, provider: provider)
        guard case .application(let data) = authenticated.content.body, case .member(let sender) = authenticated.content.sender else {
            throw MLSError(.invalidSenderType, "application")
        }
        pastEpochs[slot].keys = keys
        return .application(ApplicationMessage(
            sender: sender, epoch: message.epoch, data: data, authenticatedData: authenticated.content.authenticatedData
        ))
    }

    static func unprotectPrivate(_ message: PrivateMessage, keys: inout EpochProtectionKeys, provider: any CipherSuiteProvider) throws(MLSError) -> AuthenticatedContent {
        try mapError(.contentDecryptionFailed) { try message.unprotect(keys: &keys, provider: provider) }
    }

    /// Verifies a PublicMessage of the current epoch: membership tag for members, signature
    /// with the key the sender type designates.
    func unprotectPublic(_ message: PublicMessage) throws(MLSError) -> AuthenticatedContent {
        guard constantTimeEquals(message.content.groupID, groupContext.groupID) else { throw MLSError(.wrongGroupID, "group_id") }
        guard message.content.epoch == groupContext.epoch else {
            throw MLSError(.wrongEpoch, "epoch \(message.content.epoch), expected \(groupContext.epoch)")
        }
        let signatureKey: [UInt8]?
        switch message.content.sender {
        case .member(let index):
            signatureKey = tree.leafNode(at: index)?.signatureKey
        case .external(let senderIndex):
            guard let senders = try GroupRules.externalSenders(in: groupContext.extensions),
                  Int(senderIndex) < senders.senders.count else {
                throw MLSError(.unknownExternalSender, "sender index \(senderIndex)")
            }
            signatureKey = senders.senders[Int(senderIndex)].signatureKey
        case .newMemberProposal:
            guard case .proposal(.add(let add)) = message.content.body else {
                throw MLSError(.invalidSenderType, "new_member_proposal must propose an Add")
            }
            signatureKey = add.keyPackage.leafNode.signatureKey
        case .newMemberCommit:
            guard case .commit(let commit) = message.content.body, let path = commit.path else {
                throw MLSError(.commitMissingPath, "external commit")
            }
            signatureKey = path.leafNode.signatureKey
        }
        return try message.unprotect(
            context: groupContext, membershipKey: secrets.membershipKey, signatureKey: signatureKey, provider: provider
        )
    }

    /// Dispatches verified content of the current epoch.
    private mutating func handle(_ authenticated: AuthenticatedContent, pskStore: PreSharedKeyStore) throws(MLSError) -> ProcessedMessage {
        switch authenticated.content.body {
        case .application(let data):
            guard authenticated.wireFormat == .privateMessage, case .member(let sender) = authenticated.content.sender else {
                throw MLSError(.invalidSenderType, "application data must come from a member in a PrivateMessage")
            }
            return .application(ApplicationMessage(
                sender: sender, epoch: groupContext.epoch, data: data,
                authenticatedData: authenticated.content.authenticatedData
            ))
        case .proposal(let proposal):
            try checkFollowsHandshakes()
            let received = try receiveProposal(proposal, authenticated: authenticated)
            proposalCache.insert(ProposalCache.Entry(reference: received.reference, proposal: proposal, sender: received.sender))
            return .proposal(received)
        case .commit(let commit):
            try checkFollowsHandshakes()
            if case .member(let index) = authenticated.content.sender, index == ownLeafIndex {
                throw MLSError(.commitFromSelf, "merge the staged commit returned by commit(_:)")
            }
            return .commit(try stageCommit(commit, authenticated: authenticated, pskStore: pskStore))
        }
    }

    /// A removed member, or one waiting for a ReInit, takes no further proposals or commits
    /// in this group (late application messages are still read).
    func checkFollowsHandshakes() throws(MLSError) {
        guard isActive else { throw MLSError(.groupInactive, "removed from the group") }
        guard pendingReInit == nil else { throw MLSError(.groupInactive, "waiting for re-initialisation") }
    }

    /// §12.1: checks that the sender may send this proposal and computes its reference.
    func receiveProposal(_ proposal: Proposal, authenticated: AuthenticatedContent) throws(MLSError) -> ReceivedProposal {
        let sender = authenticated.content.sender
        switch sender {
        case .member:
            break
        case .external:
            guard GroupRules.allowedFromExternalSender(proposal.proposalType) else {
                throw MLSError(.proposalTypeNotAllowedForExternalSender, "\(proposal.proposalType.rawValue)")
            }
        case .newMemberProposal:
            guard case .add = proposal else { throw MLSError(.invalidSenderType, "new_member_proposal must propose an Add") }
        case .newMemberCommit:
            throw MLSError(.invalidSenderType, "new_member_commit cannot propose")
        }
        if case .externalInit = proposal { throw MLSError(.proposalInvalidExternalInit, "sent as a standalone proposal") }
        return ReceivedProposal(proposal: proposal, sender: sender, reference: proposalReference(authenticated))
    }

    /// `ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent)` (§5.2).
    func proposalReference(_ authenticated: AuthenticatedContent) -> [UInt8] {
        provider.refHash(label: "MLS 1.0 Proposal Reference", value: authenticated.mlsEncoded)
    }
}
