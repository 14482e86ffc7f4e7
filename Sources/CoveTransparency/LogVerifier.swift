/// A client's view of the log: the pinned log key and origin, and the newest checkpoint it
/// has verified. Every new checkpoint must be signed, of the same log, no smaller, and an
/// append-only extension of the trusted one (consistency proof); every device key the client
/// uses must be included under a trusted checkpoint.
///
/// A value type: the SDK persists `latest` (its encoding) after each successful `verify`, and
/// nothing changes when a check fails.
public struct LogVerifier: Hashable, Sendable {
    public let publicKey: LogPublicKey
    public let origin: [UInt8]
    /// The newest verified checkpoint (nil before the first one).
    public private(set) var latest: SignedCheckpoint?

    public init(publicKey: LogPublicKey, origin: [UInt8], latest: SignedCheckpoint? = nil) throws(TransparencyError) {
        self.publicKey = publicKey
        self.origin = origin
        if let latest { try publicKey.verify(latest, origin: origin) }
        self.latest = latest
    }

    /// Verifies `new` and, if it is trustworthy, makes it the latest checkpoint.
    ///
    /// - `consistencyProof`: PROOF(latest.size, D[new.size]) from the log (empty when there is
    ///   no latest checkpoint, when the sizes are equal, or when the latest size is 0).
    /// - Throws `.badSignature`, `.wrongOrigin`, `.checkpointRollback` (smaller size),
    ///   `.splitView` (same size, different root; carries both checkpoints) or
    ///   `.inconsistentLog` (the new tree does not extend the trusted one: rewritten log).
    public mutating func verify(_ new: SignedCheckpoint, consistencyProof: [[UInt8]]) throws(TransparencyError) {
        try publicKey.verify(new, origin: origin)
        guard let old = latest else {
            guard consistencyProof.isEmpty else {
                throw TransparencyError(.invalidProofLength, "no trusted checkpoint to prove against")
            }
            latest = new
            return
        }
        let (o, n) = (old.checkpoint, new.checkpoint)
        guard n.size >= o.size else {
            throw TransparencyError(.checkpointRollback, "size \(n.size) < trusted \(o.size)")
        }
        if n.size == o.size && n.rootHash != o.rootHash {
            throw TransparencyError(.splitView, "size \(n.size)", evidence: SplitViewEvidence(first: old, second: new))
        }
        try ProofVerifier.verifyConsistency(
            oldSize: o.size, newSize: n.size, oldRoot: o.rootHash, newRoot: n.rootHash, proof: consistencyProof)
        // Keep the newer timestamp for equal trees (a re-signed head).
        if n.size > o.size || n.timestamp > o.timestamp { latest = new }
    }

    /// Checks that `entry` is leaf `index` of the tree `checkpoint` commits to. The checkpoint
    /// must be signed by the pinned key; when it is the latest trusted one or older, the caller
    /// has already checked consistency (pass the latest trusted checkpoint when possible).
    public func verifyInclusion(
        _ entry: LogEntry, index: UInt64, proof: [[UInt8]], checkpoint: SignedCheckpoint
    ) throws(TransparencyError) {
        try publicKey.verify(checkpoint, origin: origin)
        try ProofVerifier.verifyInclusion(
            leafHash: entry.leafHash, index: index, treeSize: checkpoint.checkpoint.size,
            proof: proof, rootHash: checkpoint.checkpoint.rootHash)
    }

    /// Gossip: compares a checkpoint another party (client, auditor) obtained from the same
    /// log with the latest trusted one. Same size, different roots is a split view (thrown
    /// with both checkpoints as evidence). Different sizes need a consistency proof from the
    /// smaller to the larger; if the log cannot produce one, the views are split.
    public func compare(
        with other: SignedCheckpoint, consistencyProof: [[UInt8]] = []
    ) throws(TransparencyError) {
        guard let mine = latest else { return }
        try Self.compare(mine, other, publicKey: publicKey, origin: origin, consistencyProof: consistencyProof)
    }

    /// Gossip between any two checkpoints of the log (see `compare(with:)`).
    public static func compare(
        _ a: SignedCheckpoint, _ b: SignedCheckpoint, publicKey: LogPublicKey, origin: [UInt8],
        consistencyProof: [[UInt8]] = []
    ) throws(TransparencyError) {
        try publicKey.verify(a, origin: origin)
        try publicKey.verify(b, origin: origin)
        let (small, large) = a.checkpoint.size <= b.checkpoint.size ? (a, b) : (b, a)
        if small.checkpoint.size == large.checkpoint.size {
            guard small.checkpoint.rootHash == large.checkpoint.rootHash else {
                throw TransparencyError(.splitView, "size \(a.checkpoint.size)", evidence: SplitViewEvidence(first: a, second: b))
            }
            return
        }
        do {
            try ProofVerifier.verifyConsistency(
                oldSize: small.checkpoint.size, newSize: large.checkpoint.size,
                oldRoot: small.checkpoint.rootHash, newRoot: large.checkpoint.rootHash, proof: consistencyProof)
        } catch where error.code == .inconsistentLog {
            throw TransparencyError(
                .splitView, "\(small.checkpoint.size) -> \(large.checkpoint.size) not consistent",
                evidence: SplitViewEvidence(first: a, second: b))
        }
    }
}
