import MLSCodec

/// Bounds on every length the transparency decoders and verifiers accept.
public enum TransparencyLimits {
    /// SHA-256 output length; every tree hash and root.
    public static let hashLength = 32
    /// Longest inclusion or consistency proof accepted (a tree of 2^64 leaves needs 64).
    public static let maxProofLength = 64
    /// Ed25519 public key and signature lengths.
    public static let publicKeyLength = 32
    public static let signatureLength = 64
    /// Longest log origin (log identity string) in a checkpoint.
    public static let maxOriginLength = 256
    /// User and device identifiers in a log entry.
    public static let maxIdentifierLength = MLSLimits.maxIdentifierLength
    /// A device's signature public key in a log entry (MLS credential key).
    public static let maxDeviceKeyLength = MLSLimits.maxKeyLength
    /// Checkpoints kept in an auditor's state history.
    public static let maxAuditorHistory = 4096
    /// Largest log size (leaves): indices stay well inside UInt64 arithmetic.
    public static let maxLogSize: UInt64 = 1 << 62
}
