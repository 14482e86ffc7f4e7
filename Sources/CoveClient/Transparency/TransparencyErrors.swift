import CoveTransparency

extension CoveClientError.Code {
    /// A device key the server handed out has no valid inclusion proof in the transparency log
    /// (the server may be giving out a key of its own: a ghost device). Nothing is encrypted to it.
    public static let transparencyNotInLog = Self("transparency.not_in_log")
    /// The log's new checkpoint does not extend the trusted one (rewritten, truncated or split log).
    public static let transparencyInconsistent = Self("transparency.inconsistent")
    /// A checkpoint is not signed by the log key pinned at `cove init` (or names another log).
    public static let transparencyBadSignature = Self("transparency.bad_signature")
    /// Two validly signed checkpoints of the same log disagree (split view; gossip or audit).
    public static let transparencySplitView = Self("transparency.split_view")
    /// The log's key or answers cannot be used (malformed, or the key changed since it was pinned).
    public static let transparencyUnavailable = Self("transparency.unavailable")
}

extension CoveClientError {
    /// Maps a log check failure to the SDK's error, keeping the library's stable code in the message.
    static func transparency(_ error: TransparencyError, _ what: String) -> CoveClientError {
        let code: CoveClientError.Code
        switch error.code {
        case .badSignature, .wrongOrigin, .invalidKey: code = .transparencyBadSignature
        case .splitView: code = .transparencySplitView
        case .inconsistentLog, .checkpointRollback, .rootMismatch: code = .transparencyInconsistent
        case .inclusionRootMismatch, .invalidProofLength, .indexOutOfRange, .proofTooLong, .malformedHash:
            code = .transparencyNotInLog
        default: code = .transparencyUnavailable
        }
        return CoveClientError(code, "\(what): \(error.code.rawValue)\(error.context.isEmpty ? "" : " (\(error.context))")",
                               hint: "the server may be misbehaving; do not trust new keys from it until this is resolved")
    }
}
