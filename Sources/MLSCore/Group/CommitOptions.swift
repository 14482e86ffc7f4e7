/// Choices for a commit this member creates.
public struct CommitOptions: Sendable {
    /// Include the valid proposals received in this epoch (by reference). Conflicting ones are
    /// left out following §12.2 (a Remove wins over an Update of the same leaf; the latest
    /// Update wins; a ReInit yields to other proposals).
    public var includePendingProposals: Bool
    /// Send an UpdatePath even when no proposal requires one (a "full" commit, for PCS).
    public var forcePath: Bool
    /// `authenticated_data` of the commit's FramedContent.
    public var authenticatedData: [UInt8]

    public init(includePendingProposals: Bool = true, forcePath: Bool = false, authenticatedData: [UInt8] = []) {
        self.includePendingProposals = includePendingProposals
        self.forcePath = forcePath
        self.authenticatedData = authenticatedData
    }
}
