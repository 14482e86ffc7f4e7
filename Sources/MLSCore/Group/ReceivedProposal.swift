/// A proposal received and cached (RFC 9420 §12.1).
public struct ReceivedProposal: Sendable, Hashable {
    public let proposal: Proposal
    /// A member, an external sender, or a new member proposing its own Add.
    public let sender: Sender
    /// Its ProposalRef, by which a commit may cover it.
    public let reference: [UInt8]
}
