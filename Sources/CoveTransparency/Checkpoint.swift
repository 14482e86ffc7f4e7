import MLSCodec

/// A tree head: the log's size and root at a moment.
///
///     struct {
///         uint8 version = 1;
///         opaque origin<V>;        // the log's identity, e.g. "cove.example.org/kt/v1", 1..256 bytes
///         uint64 tree_size;
///         opaque root_hash[32];
///         uint64 timestamp;        // milliseconds since the Unix epoch, log clock
///     } Checkpoint;
///
/// The log signs `"Cove KT checkpoint v1" || 0x00 || Checkpoint` with Ed25519 (see
/// `SignedCheckpoint`).
public struct Checkpoint: Hashable, Sendable, MLSCodable {
    public static let version: UInt8 = 1

    public var origin: [UInt8]
    public var size: UInt64
    public var rootHash: [UInt8]
    public var timestamp: UInt64

    public init(origin: [UInt8], size: UInt64, rootHash: [UInt8], timestamp: UInt64) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.timestamp = timestamp
    }

    public func encode(to writer: inout MLSWriter) {
        writer.write(Self.version)
        writer.writeOpaque(origin)
        writer.write(size)
        writer.writeRaw(rootHash)
        writer.write(timestamp)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        guard try reader.readUInt8() == Self.version else { throw CodecError(.invalidValue, "Checkpoint.version") }
        origin = try reader.readOpaque(maxLength: TransparencyLimits.maxOriginLength)
        guard !origin.isEmpty else { throw CodecError(.invalidValue, "Checkpoint.origin empty") }
        size = try reader.readUInt64()
        guard size <= TransparencyLimits.maxLogSize else { throw CodecError(.invalidValue, "Checkpoint.tree_size") }
        rootHash = Array(try reader.readFixed(TransparencyLimits.hashLength))
        timestamp = try reader.readUInt64()
    }

    /// Domain-separated bytes the log signs.
    public var toBeSigned: [UInt8] {
        var writer = MLSWriter()
        writer.writeRaw(Array("Cove KT checkpoint v1".utf8))
        writer.write(UInt8(0))
        encode(to: &writer)
        return writer.bytes
    }
}

/// A checkpoint with the log's Ed25519 signature.
///
///     struct {
///         Checkpoint checkpoint;
///         opaque signature<V>;     // exactly 64 bytes
///     } SignedCheckpoint;
///
/// Decoding yields an unverified value; `LogPublicKey.verify` is the only way to trust it.
public struct SignedCheckpoint: Hashable, Sendable, MLSCodable {
    public var checkpoint: Checkpoint
    public var signature: [UInt8]

    public init(checkpoint: Checkpoint, signature: [UInt8]) {
        self.checkpoint = checkpoint
        self.signature = signature
    }

    public func encode(to writer: inout MLSWriter) {
        checkpoint.encode(to: &writer)
        writer.writeOpaque(signature)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        checkpoint = try Checkpoint(from: &reader)
        signature = try reader.readOpaque(maxLength: TransparencyLimits.signatureLength)
        guard signature.count == TransparencyLimits.signatureLength else {
            throw CodecError(.invalidValue, "SignedCheckpoint.signature length")
        }
    }

    /// Strict decoding of the wire form.
    public static func decode(_ bytes: [UInt8]) throws(TransparencyError) -> SignedCheckpoint {
        do {
            return try SignedCheckpoint(mlsEncoded: bytes)
        } catch {
            throw TransparencyError(.malformedEncoding, "SignedCheckpoint: \(error.code.rawValue)")
        }
    }
}
