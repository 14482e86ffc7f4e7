// Key transparency (docs/transparency.md): GET /v1/transparency/key, /checkpoint, /consistency,
// /inclusion, /entries, and the per-device inclusion proofs carried by answers that hand out
// device keys or KeyPackages. Binary values are TLS encodings defined in CoveTransparency
// (`SignedCheckpoint`, `LogEntry`); each proof element is one 32-byte SHA-256 hash.

/// `GET /v1/transparency/key`: the log's identity, pinned by clients at `cove init`.
public struct TransparencyKeyResponse: Hashable, Sendable, Codable {
    /// The log's origin string (the `origin` of every checkpoint), UTF-8.
    public var origin: String
    /// Ed25519 public key, 32 bytes: verifies every checkpoint's signature.
    public var publicKey: Base64Bytes
    /// `LogPublicKey.fingerprint`: eight groups of four hex digits, to compare out of band.
    public var fingerprint: String

    public init(origin: String, publicKey: Base64Bytes, fingerprint: String) {
        self.origin = origin
        self.publicKey = publicKey
        self.fingerprint = fingerprint
    }
}

/// `GET /v1/transparency/checkpoint`: the newest signed checkpoint.
public struct CheckpointResponse: Hashable, Sendable, Codable {
    /// TLS-encoded `SignedCheckpoint`; only its verified content is to be trusted.
    public var checkpoint: Base64Bytes
    /// The checkpoint's tree size, repeated unauthenticated for paging (auditors).
    public var treeSize: UInt64

    public init(checkpoint: Base64Bytes, treeSize: UInt64) {
        self.checkpoint = checkpoint
        self.treeSize = treeSize
    }
}

/// `GET /v1/transparency/consistency?from=M&to=N`: PROOF(M, D[N]) (RFC 9162 §2.1.4.1).
public struct ConsistencyProofResponse: Hashable, Sendable, Codable {
    public var fromSize: UInt64
    public var toSize: UInt64
    public var proof: [Base64Bytes]

    public init(fromSize: UInt64, toSize: UInt64, proof: [Base64Bytes]) {
        self.fromSize = fromSize
        self.toSize = toSize
        self.proof = proof
    }
}

/// `GET /v1/transparency/inclusion?index=I&size=N`: leaf I and PATH(I, D[N]) (§2.1.3.1).
public struct InclusionProofResponse: Hashable, Sendable, Codable {
    public var index: UInt64
    public var treeSize: UInt64
    /// The TLS-encoded `LogEntry` (the leaf input).
    public var entry: Base64Bytes
    public var proof: [Base64Bytes]

    public init(index: UInt64, treeSize: UInt64, entry: Base64Bytes, proof: [Base64Bytes]) {
        self.index = index
        self.treeSize = treeSize
        self.entry = entry
        self.proof = proof
    }
}

/// `GET /v1/transparency/entries?start=S&end=E`: the TLS-encoded `LogEntry`s of leaves
/// [S, S + entries.count), at most 1000 per page (fewer than asked near the end of a page).
public struct LogEntriesResponse: Hashable, Sendable, Codable {
    public var start: UInt64
    public var entries: [Base64Bytes]

    public init(start: UInt64, entries: [Base64Bytes]) {
        self.start = start
        self.entries = entries
    }
}

/// One device's key in the log, proven against the checkpoint of the answer that carries it:
/// the client decodes `entry`, checks it is `device_added` for the user, device id and
/// signature key it was given, and verifies `proof` for leaf `index` under that checkpoint.
public struct LogInclusion: Hashable, Sendable, Codable {
    /// Leaf index of the entry.
    public var index: UInt64
    /// The TLS-encoded `LogEntry`.
    public var entry: Base64Bytes
    /// PATH(index, D[checkpoint size]), leaf side first.
    public var proof: [Base64Bytes]

    public init(index: UInt64, entry: Base64Bytes, proof: [Base64Bytes]) {
        self.index = index
        self.entry = entry
        self.proof = proof
    }
}

extension APIErrorCode {
    /// 400: a transparency request names a size, index or range outside the log.
    public static let logRange = Self("transparency.out_of_range")
}
