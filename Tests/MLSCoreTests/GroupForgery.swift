@testable import MLSCore
import MLS
import Testing

/// Builds handshake messages that a correct client would refuse to create, signed and
/// MACed with a member's real keys, so that the receiver's rule checks (not the signature or
/// membership tag) are what rejects them.
extension MLSGroup {
    /// Frames `commit` as a PublicMessage from this member, with `confirmationTag` (a wrong
    /// all-zero tag by default: every rule is checked before the confirmation tag).
    func forgeCommit(_ commit: Commit, confirmationTag: [UInt8]? = nil) throws -> MLSMessage {
        let content = FramedContent(
            groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(ownLeafIndex),
            authenticatedData: [], body: .commit(commit)
        )
        let signed = try AuthenticatedContent.sign(
            content: content, wireFormat: .publicMessage, context: groupContext,
            signaturePrivateKey: signer.signaturePrivateKey, provider: provider
        ).withConfirmationTag(confirmationTag ?? [UInt8](repeating: 0, count: provider.hashLength))
        let message = try PublicMessage.protect(signed, context: groupContext, membershipKey: secrets.membershipKey, provider: provider)
        return MLSMessage(version: .mls10, body: .publicMessage(message))
    }

    /// A proposal or commit from an external party (sender `external(index)` or
    /// `new_member_commit`) signed with `signer`, against this member's current epoch.
    func forgeExternal(_ body: FramedContent.Body, sender: Sender, signer privateKey: SecretBytes, confirmationTag: [UInt8]? = nil) throws -> MLSMessage {
        let content = FramedContent(groupID: groupContext.groupID, epoch: groupContext.epoch, sender: sender, authenticatedData: [], body: body)
        var signed = try AuthenticatedContent.sign(
            content: content, wireFormat: .publicMessage, context: groupContext, signaturePrivateKey: privateKey, provider: provider
        )
        if case .commit = body { signed = signed.withConfirmationTag(confirmationTag ?? [UInt8](repeating: 0, count: provider.hashLength)) }
        // Framed by hand: PublicMessage.protect refuses some of these on the sending side.
        let message = PublicMessage(content: signed.content, auth: signed.auth, membershipTag: nil)
        return MLSMessage(version: .mls10, body: .publicMessage(message))
    }

    /// Frames `proposal` as a PublicMessage from this member without any check.
    func forgeProposal(_ proposal: Proposal) throws -> MLSMessage {
        let content = FramedContent(
            groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(ownLeafIndex),
            authenticatedData: [], body: .proposal(proposal)
        )
        let signed = try AuthenticatedContent.sign(
            content: content, wireFormat: .publicMessage, context: groupContext,
            signaturePrivateKey: signer.signaturePrivateKey, provider: provider
        )
        let message = try PublicMessage.protect(signed, context: groupContext, membershipKey: secrets.membershipKey, provider: provider)
        return MLSMessage(version: .mls10, body: .publicMessage(message))
    }

    var currentLeaf: LeafNode? { tree.leafNode(at: ownLeafIndex) }
    var suiteProvider: any CipherSuiteProvider { provider }
}

/// The commit inside a PublicMessage produced by ``MLSGroup/commit(_:options:pskStore:)``.
func commitBody(of message: MLSMessage) throws -> Commit {
    guard case .publicMessage(let pm) = message.body, case .commit(let commit) = pm.content.body else {
        throw MLSError(.unexpectedWireFormat, "test: not a public commit")
    }
    return commit
}
