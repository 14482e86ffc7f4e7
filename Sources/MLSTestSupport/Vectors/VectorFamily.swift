import MLS

/// A family of test vectors (one file format of mlswg/mls-implementations).
public protocol VectorFamily: Sendable {
    /// The upstream file name without extension, e.g. "tree-math".
    var name: String { get }
    /// Whether an entry has this family's shape; used to detect a file's family from content.
    func matches(_ entry: VectorEntry) -> Bool
    /// Runs one entry; returns normally on success and throws on any mismatch or error.
    func run(_ entry: VectorEntry, context: VectorContext) throws
}

/// What a vector run may use: the crypto provider and an injected clock.
public struct VectorContext: Sendable {
    public let crypto: any CryptoProvider
    public init(crypto: any CryptoProvider = SwiftCryptoProvider()) {
        self.crypto = crypto
    }
}

/// Totals for one file, as printed by `mls-vectors`: `FILE: N passed, N failed, N skipped`.
public struct VectorReport: Sendable {
    public var family: String
    public var passed = 0
    public var failed = 0
    public var skipped = 0
    /// One line per failed entry: index and reason.
    public var failures: [String] = []
    /// Distinct skip reasons.
    public var skipReasons: Set<String> = []
}
