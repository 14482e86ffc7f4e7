/// Where an auditor reads the log: the server's public endpoints (checkpoint, entry ranges).
public protocol AuditLogSource: Sendable {
    /// The log's newest signed checkpoint.
    func latestCheckpoint() async throws(TransparencyError) -> SignedCheckpoint
    /// Encoded entries of leaves [start, end); may return fewer (a page), never more.
    func entries(start: UInt64, end: UInt64) async throws(TransparencyError) -> [[UInt8]]
}

/// An independent auditor: downloads every entry the log added since its last run, checks
/// each decodes as a `LogEntry`, recomputes the tree on top of the tree it verified before,
/// and requires the root to equal the signed checkpoint's. Because it extends its own saved
/// compact range, a log that rewrote any earlier entry can no longer match (append-only).
public enum Auditor {
    public struct Report: Hashable, Sendable {
        public let oldSize: UInt64
        public let newSize: UInt64
        /// Entries downloaded and checked in this run.
        public let entriesChecked: UInt64
        /// Gossiped checkpoints (from other parties) checked against the recomputed tree.
        public let gossipChecked: Int
    }

    /// Runs one audit. `state` changes only if every check passes.
    ///
    /// - `gossip`: checkpoints of this log that other clients or auditors saw; each whose size
    ///   lies in the range audited now, or equals a size in the history, is checked against
    ///   the recomputed tree. A mismatch throws `.splitView` with evidence.
    /// - Throws `.badSignature`, `.wrongOrigin`, `.checkpointRollback`, `.malformedEncoding`
    ///   (an entry is not a valid LogEntry), `.rootMismatch` (recomputed tree differs from the
    ///   signed root: rewritten history or a bad checkpoint), `.splitView`, `.storage`.
    public static func audit(
        state: inout AuditorState, source: some AuditLogSource, gossip: [SignedCheckpoint] = [],
        pageSize: UInt64 = 10_000
    ) async throws(TransparencyError) -> Report {
        let head = try await source.latestCheckpoint()
        try state.publicKey.verify(head, origin: state.origin)
        for checkpoint in gossip { try state.publicKey.verify(checkpoint, origin: state.origin) }
        let oldSize = state.size
        let newSize = head.checkpoint.size
        guard newSize >= oldSize else {
            throw TransparencyError(.checkpointRollback, "log size \(newSize) < audited \(oldSize)")
        }

        // Gossip at sizes already audited: compare with the history.
        var gossipChecked = 0
        var pending: [UInt64: [SignedCheckpoint]] = [:]
        for checkpoint in gossip {
            let size = checkpoint.checkpoint.size
            if size <= oldSize {
                if let ours = state.checkpoints.last(where: { $0.checkpoint.size == size }) {
                    gossipChecked += 1
                    if ours.checkpoint.rootHash != checkpoint.checkpoint.rootHash {
                        throw TransparencyError(.splitView, "size \(size)", evidence: SplitViewEvidence(first: ours, second: checkpoint))
                    }
                }
            } else if size <= newSize {
                pending[size, default: []].append(checkpoint)
            }
        }

        var frontier = state.frontier
        var position = oldSize
        let page = max(1, pageSize)
        while position < newSize {
            let end = min(newSize, position + page)
            let batch = try await source.entries(start: position, end: end)
            guard !batch.isEmpty, UInt64(batch.count) <= end - position else {
                throw TransparencyError(.storage, "source returned \(batch.count) entries for [\(position), \(end))")
            }
            for bytes in batch {
                do {
                    _ = try LogEntry.decode(bytes)
                } catch {
                    throw TransparencyError(.malformedEncoding, "entry \(frontier.size)")
                }
                frontier.append(leafHash: MerkleHash.leafHash(bytes))
                if let seen = pending[frontier.size] {
                    let root = frontier.root
                    for checkpoint in seen {
                        gossipChecked += 1
                        if checkpoint.checkpoint.rootHash != root {
                            throw TransparencyError(
                                .splitView, "size \(frontier.size): gossiped root differs from the log's history",
                                evidence: SplitViewEvidence(first: checkpoint, second: head))
                        }
                    }
                }
            }
            position = frontier.size
        }

        guard frontier.root == head.checkpoint.rootHash else {
            if newSize == oldSize, let last = state.checkpoints.last, last.checkpoint.size == newSize {
                throw TransparencyError(.splitView, "size \(newSize)", evidence: SplitViewEvidence(first: last, second: head))
            }
            throw TransparencyError(.rootMismatch, "recomputed root differs at size \(newSize)")
        }

        state.frontier = frontier
        if state.checkpoints.last != head {
            state.checkpoints.append(head)
            if state.checkpoints.count > TransparencyLimits.maxAuditorHistory {
                state.checkpoints.removeFirst(state.checkpoints.count - TransparencyLimits.maxAuditorHistory)
            }
        }
        return Report(oldSize: oldSize, newSize: newSize, entriesChecked: newSize - oldSize, gossipChecked: gossipChecked)
    }
}
