/// What ``MLSGroup/process(_:pskStore:)`` found in a message.
public enum ProcessedMessage: Sendable {
    /// Application data from a member, decrypted and authenticated.
    case application(ApplicationMessage)
    /// A valid proposal, now cached for a later commit of this epoch.
    case proposal(ReceivedProposal)
    /// A fully checked commit; call ``MLSGroup/merge(_:)`` to apply it.
    case commit(StagedCommit)
}

/// A decrypted application message (RFC 9420 §15).
public struct ApplicationMessage: Sendable, Hashable {
    /// The sending member's leaf in the epoch the message was sent in.
    public let sender: LeafIndex
    /// The epoch the message was sent in (may be a recent past epoch).
    public let epoch: UInt64
    public let data: [UInt8]
    public let authenticatedData: [UInt8]
}

/// A proposal received and cached (RFC 9420 §12.1).
public struct ReceivedProposal: Sendable, Hashable {
    public let proposal: Proposal
    public let sender: Sender
    /// Its ProposalRef, by which a commit may cover it.
    public let reference: [UInt8]
}
