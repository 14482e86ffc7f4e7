extension MLSError.Code {
    /// A secret tree was requested for a leaf count that is not a power of two between 1 and
    /// ``MLSLimits/maxLeaves`` (RFC 9420 §7.1: ratchet trees are perfect binary trees; §9: the
    /// secret tree has the same shape).
    public static let invalidSecretTreeSize = Self(rawValue: "mls.invalid_secret_tree_size")

    /// A leaf index outside the secret tree (RFC 9420 §9; §6.3.2: SenderData.leaf_index must
    /// identify a leaf of the group).
    public static let secretTreeLeafOutOfRange = Self(rawValue: "mls.secret_tree_leaf_out_of_range")

    /// The ratchet generation was already used, or its key was deleted because it fell out of
    /// the retention window (RFC 9420 §9.2: consumed keys must be deleted, so a generation
    /// can never be decrypted twice).
    public static let ratchetGenerationConsumed = Self(rawValue: "mls.ratchet_generation_consumed")

    /// The ratchet generation is further ahead of the next expected one than the configured
    /// forward window allows (RFC 9420 §9.2 allows out-of-order keys for "some reasonable
    /// amount of time"; bounding the jump bounds the work a single message can cause).
    public static let ratchetGenerationTooFarAhead = Self(rawValue: "mls.ratchet_generation_too_far_ahead")

    /// The ratchet has produced generation 2^32 - 1, the last one a `uint32` generation can
    /// name (RFC 9420 §6.3.2 SenderData.generation); the sender must move to a new epoch.
    public static let ratchetExhausted = Self(rawValue: "mls.ratchet_exhausted")

    /// A reuse guard that is not 4 bytes, or a nonce shorter than 4 bytes (RFC 9420 §6.3.1).
    public static let invalidReuseGuard = Self(rawValue: "mls.invalid_reuse_guard")
}

extension MLSError.Code {
    /// A stored secret-tree state (``SecretTree/State``) that is malformed or inconsistent:
    /// an unknown version, node secrets and derived leaves that do not partition the leaves
    /// exactly, generations out of range or out of order, secrets or keys of the wrong length
    /// for the cipher suite, or more retained keys than the configuration allows (RFC 9420 §9,
    /// §9.2: only unconsumed secrets and a bounded set of skipped-generation keys are kept).
    public static let invalidSecretTreeState = Self(rawValue: "mls.invalid_secret_tree_state")
}
