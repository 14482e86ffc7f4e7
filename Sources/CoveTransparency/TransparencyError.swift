/// The one error type of CoveTransparency, with a stable machine-readable code.
///
/// Descriptions carry only the code and non-secret context (sizes, indices). A split view
/// carries both signed checkpoints as evidence, so the caller can publish or report them.
public struct TransparencyError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A proof has more than `TransparencyLimits.maxProofLength` (64) hashes: no tree of
        /// at most 2^64 leaves needs more (RFC 9162 §2.1.3, §2.1.4).
        public static let proofTooLong = Code(rawValue: "kt.proof_too_long")
        /// A proof element or root is not exactly 32 bytes (SHA-256).
        public static let malformedHash = Code(rawValue: "kt.malformed_hash")
        /// A leaf index is not below the tree size, or a range lies outside the log
        /// (RFC 9162 §2.1.3.2 step 1).
        public static let indexOutOfRange = Code(rawValue: "kt.index_out_of_range")
        /// The proof has the wrong number of elements for the claimed index and sizes
        /// (RFC 9162 §2.1.3.2 / §2.1.4.2: `sn` reached 0 early or did not reach 0).
        public static let invalidProofLength = Code(rawValue: "kt.invalid_proof_length")
        /// An inclusion proof recomputes a different root (RFC 9162 §2.1.3.2 step 4):
        /// the entry, the index or a proof element is wrong.
        public static let inclusionRootMismatch = Code(rawValue: "kt.inclusion_root_mismatch")
        /// A consistency proof does not reproduce both roots (RFC 9162 §2.1.4.2): the newer
        /// tree is not an append-only extension of the older one (rewritten log).
        public static let inconsistentLog = Code(rawValue: "kt.inconsistent_log")
        /// A checkpoint is smaller than one already trusted (rollback).
        public static let checkpointRollback = Code(rawValue: "kt.checkpoint_rollback")
        /// A checkpoint's Ed25519 signature does not verify under the pinned log key.
        public static let badSignature = Code(rawValue: "kt.bad_signature")
        /// A checkpoint names another log (origin) than the pinned one.
        public static let wrongOrigin = Code(rawValue: "kt.wrong_origin")
        /// Two validly signed checkpoints of the same size have different roots: the log
        /// showed different histories to different parties (split view). Carries evidence.
        public static let splitView = Code(rawValue: "kt.split_view")
        /// An entry, checkpoint or state failed strict decoding.
        public static let malformedEncoding = Code(rawValue: "kt.malformed_encoding")
        /// A key (log key, device key) has the wrong length or is not a valid Ed25519 key.
        public static let invalidKey = Code(rawValue: "kt.invalid_key")
        /// A device-key event in the user's own log entries that the user did not link
        /// (monitoring; a ghost device).
        public static let unlinkedDevice = Code(rawValue: "kt.unlinked_device")
        /// The recomputed tree does not match a checkpoint the log signed (auditor).
        public static let rootMismatch = Code(rawValue: "kt.root_mismatch")
        /// The storage backend failed or returned inconsistent data.
        public static let storage = Code(rawValue: "kt.storage")
        /// The log is full (2^63 entries) or an operation's bound was exceeded.
        public static let limitExceeded = Code(rawValue: "kt.limit_exceeded")
    }

    public let code: Code
    /// Non-secret context: sizes, indices, the failing field.
    public let context: String
    /// For `.splitView`: the two conflicting signed checkpoints.
    public let evidence: SplitViewEvidence?

    public init(_ code: Code, _ context: String = "", evidence: SplitViewEvidence? = nil) {
        self.code = code
        self.context = context
        self.evidence = evidence
    }

    public var description: String {
        context.isEmpty ? code.rawValue : "\(code.rawValue) (\(context))"
    }
}

/// Proof of a split view: two checkpoints, both validly signed by the same log key, of the
/// same size but with different roots. Anyone holding the log's public key can check it.
public struct SplitViewEvidence: Hashable, Sendable {
    public let first: SignedCheckpoint
    public let second: SignedCheckpoint

    public init(first: SignedCheckpoint, second: SignedCheckpoint) {
        self.first = first
        self.second = second
    }
}
