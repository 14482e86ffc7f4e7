/// How far a file transfer is, in plaintext bytes (an upload reports its ciphertext offset
/// scaled to the plaintext size, so `done == total` exactly when the transfer is complete).
public struct TransferProgress: Sendable, Hashable {
    public var done: Int64
    public var total: Int64

    public init(done: Int64, total: Int64) {
        self.done = done
        self.total = total
    }
}

/// Options of a file transfer.
public struct TransferOptions: Sendable, Hashable {
    /// Largest average rate in bytes per second (like curl's `--limit-rate`); nil for no limit.
    public var rateLimit: Int64?

    public init(rateLimit: Int64? = nil) {
        self.rateLimit = rateLimit
    }
}
