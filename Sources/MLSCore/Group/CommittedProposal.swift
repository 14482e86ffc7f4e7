/// A proposal as it takes part in a commit: where it came from and, when sent by reference,
/// its ProposalRef.
struct CommittedProposal: Sendable, Hashable {
    var proposal: Proposal
    var sender: Sender
    var reference: [UInt8]?
}
