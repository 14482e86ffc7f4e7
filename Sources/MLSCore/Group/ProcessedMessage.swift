/// What ``MLSGroup/process(_:pskStore:)`` found in a message.
public enum ProcessedMessage: Sendable {
    /// Application data from a member, decrypted and authenticated.
    case application(ApplicationMessage)
    /// A valid proposal, now cached for a later commit of this epoch.
    case proposal(ReceivedProposal)
    /// A fully checked commit; call ``MLSGroup/merge(_:)`` to apply it.
    case commit(StagedCommit)
}
