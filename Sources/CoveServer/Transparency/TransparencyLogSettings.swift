import CoveTransparency

/// How the server's key-transparency log is identified and signed.
///
/// The log key is either generated once by the first node that opens the database and kept
/// in the database (`signer == nil`, the default: every node of a PostgreSQL deployment signs
/// with the same key, nothing to distribute), or given by the operator from a file
/// (`--log-key`), in which case the database keeps only the public key and every node must be
/// started with the same file. docs/transparency.md discusses the trade-off.
public struct TransparencyLogSettings: Sendable {
    /// The log's origin (checkpoint `origin`), fixed when the log is created.
    public var origin: String
    /// The operator's log key; nil to use (or create) the key kept in the database.
    public var signer: LogSigner?

    public static let defaultOrigin = "cove/kt/v1"

    public init(origin: String = TransparencyLogSettings.defaultOrigin, signer: LogSigner? = nil) {
        self.origin = origin
        self.signer = signer
    }
}

/// The log's public identity: what clients pin.
public struct LogIdentity: Hashable, Sendable {
    public var origin: [UInt8]
    public var publicKey: LogPublicKey
}

/// One device's `device_added` entry with its inclusion proof.
public struct DeviceInclusion: Hashable, Sendable {
    public var index: UInt64
    public var entry: [UInt8]
    public var proof: [[UInt8]]
}

/// Inclusion proofs for several devices against one checkpoint.
public struct DeviceInclusions: Hashable, Sendable {
    public var checkpoint: SignedCheckpoint
    /// By device id; a device without an entry in the checkpoint's tree is absent.
    public var byDevice: [String: DeviceInclusion]
}

/// The configured log does not match the one in the database (another origin or key), or the
/// key is kept outside the database and was not given. The server refuses to start: a changed
/// log identity would break every client that pinned the old one.
public struct TransparencyConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
