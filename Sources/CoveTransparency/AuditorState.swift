import MLSCodec

/// What an auditor remembers between runs: the log it audits, the compact range of the tree
/// it recomputed itself (so the next run downloads only new entries, and any rewrite of the
/// part already audited changes the recomputed root), and the checkpoints it verified.
///
///     struct {
///         uint8 version = 1;
///         opaque origin<V>;
///         opaque log_key[32];
///         uint64 tree_size;
///         opaque frontier<V>;                  // popcount(tree_size) hashes of 32 bytes, largest subtree first
///         SignedCheckpoint checkpoints<V>;     // verified, increasing size, at most 4096
///     } AuditorState;
public struct AuditorState: Hashable, Sendable, MLSCodable {
    public static let version: UInt8 = 1

    public let origin: [UInt8]
    public let publicKey: LogPublicKey
    public internal(set) var frontier: CompactRange
    public internal(set) var checkpoints: [SignedCheckpoint]

    /// A fresh state: nothing audited yet.
    public init(origin: [UInt8], publicKey: LogPublicKey) {
        self.origin = origin
        self.publicKey = publicKey
        self.frontier = CompactRange()
        self.checkpoints = []
    }

    public var size: UInt64 { frontier.size }
    public var rootHash: [UInt8] { frontier.root }

    public func encode(to writer: inout MLSWriter) {
        writer.write(Self.version)
        writer.writeOpaque(origin)
        writer.writeRaw(publicKey.rawRepresentation)
        writer.write(frontier.size)
        writer.writeOpaque(frontier.hashes.flatMap { $0 })
        writer.writeVector(checkpoints)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        guard try reader.readUInt8() == Self.version else { throw CodecError(.invalidValue, "AuditorState.version") }
        origin = try reader.readOpaque(maxLength: TransparencyLimits.maxOriginLength)
        guard let key = try? LogPublicKey(rawRepresentation: Array(reader.readFixed(TransparencyLimits.publicKeyLength))) else {
            throw CodecError(.invalidValue, "AuditorState.log_key")
        }
        publicKey = key
        let size = try reader.readUInt64()
        let flat = try reader.readOpaque(maxLength: 64 * TransparencyLimits.hashLength)
        guard flat.count % TransparencyLimits.hashLength == 0 else { throw CodecError(.invalidValue, "AuditorState.frontier") }
        let hashes = stride(from: 0, to: flat.count, by: TransparencyLimits.hashLength).map {
            Array(flat[$0..<$0 + TransparencyLimits.hashLength])
        }
        guard let range = try? CompactRange(size: size, hashes: hashes) else {
            throw CodecError(.invalidValue, "AuditorState.frontier")
        }
        frontier = range
        checkpoints = try reader.readVector(of: SignedCheckpoint.self, maxCount: TransparencyLimits.maxAuditorHistory)
        guard zip(checkpoints, checkpoints.dropFirst()).allSatisfy({ $0.checkpoint.size <= $1.checkpoint.size }),
              (checkpoints.last?.checkpoint.size ?? 0) <= size
        else { throw CodecError(.invalidValue, "AuditorState.checkpoints order") }
    }

    /// Decodes a state file strictly and re-verifies every stored checkpoint's signature.
    public static func decode(_ bytes: [UInt8]) throws(TransparencyError) -> AuditorState {
        let state: AuditorState
        do {
            state = try AuditorState(mlsEncoded: bytes)
        } catch {
            throw TransparencyError(.malformedEncoding, "AuditorState: \(error.code.rawValue)")
        }
        for checkpoint in state.checkpoints { try state.publicKey.verify(checkpoint, origin: state.origin) }
        if let last = state.checkpoints.last, last.checkpoint.size == state.size,
           last.checkpoint.rootHash != state.rootHash {
            throw TransparencyError(.rootMismatch, "state file: frontier does not match its last checkpoint")
        }
        return state
    }

    /// Gossip between auditors: compares every checkpoint of the same size in both states'
    /// histories (and the recomputed roots at equal sizes). Two validly signed checkpoints of
    /// the same size with different roots throw `.splitView` with both as evidence. Returns how
    /// many sizes were compared. Checkpoints of sizes only one side saw need a consistency
    /// proof from the log (`LogVerifier.compare`).
    @discardableResult
    public func compare(with other: AuditorState) throws(TransparencyError) -> Int {
        guard other.origin == origin, other.publicKey == publicKey else {
            throw TransparencyError(.wrongOrigin, "state files of different logs")
        }
        var mine: [UInt64: SignedCheckpoint] = [:]
        for checkpoint in checkpoints { try publicKey.verify(checkpoint, origin: origin); mine[checkpoint.checkpoint.size] = checkpoint }
        var compared = 0
        for theirs in other.checkpoints {
            try publicKey.verify(theirs, origin: origin)
            guard let ours = mine[theirs.checkpoint.size] else { continue }
            compared += 1
            if ours.checkpoint.rootHash != theirs.checkpoint.rootHash {
                throw TransparencyError(
                    .splitView, "size \(ours.checkpoint.size)", evidence: SplitViewEvidence(first: ours, second: theirs))
            }
        }
        return compared
    }
}
