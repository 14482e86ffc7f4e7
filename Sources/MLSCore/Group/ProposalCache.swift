/// Proposals received (or sent) during the current epoch, keyed by ProposalRef
/// (RFC 9420 §5.2, §12.1). Cleared when the epoch changes.
struct ProposalCache: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var reference: [UInt8]
        var proposal: Proposal
        var sender: Sender
    }

    /// In arrival order, so that a commit built from the cache is deterministic.
    private(set) var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    func entry(for reference: [UInt8]) -> Entry? {
        entries.first { $0.reference == reference }
    }

    /// Adds a proposal; a second copy of the same reference is ignored.
    mutating func insert(_ entry: Entry) {
        guard self.entry(for: entry.reference) == nil else { return }
        entries.append(entry)
    }

    mutating func removeAll() { entries.removeAll() }
}
