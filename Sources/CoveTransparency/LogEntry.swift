import MLSCodec

/// One device-key event in the transparency log.
///
///     enum { device_added(1), device_revoked(2), (255) } KeyEventType;
///
///     struct {
///         uint8 version = 1;
///         KeyEventType event;
///         opaque user_id<V>;          // 1..1024 bytes
///         opaque device_id<V>;        // 1..1024 bytes
///         opaque signature_key<V>;    // the device's MLS credential key, 1..4096 bytes
///         uint64 timestamp;           // milliseconds since the Unix epoch, server clock
///     } LogEntry;
///
/// The leaf of the Merkle tree is the encoded `LogEntry`; its leaf hash is
/// SHA-256(0x00 || LogEntry). The encoding is canonical: decoding rejects unknown versions
/// and events, empty or over-long fields, non-minimal lengths and trailing bytes.
public struct LogEntry: Hashable, Sendable, MLSCodable {
    public enum Event: UInt8, Hashable, Sendable {
        case deviceAdded = 1
        case deviceRevoked = 2
    }

    public static let version: UInt8 = 1

    public var event: Event
    public var userID: [UInt8]
    public var deviceID: [UInt8]
    public var signatureKey: [UInt8]
    public var timestamp: UInt64

    public init(event: Event, userID: [UInt8], deviceID: [UInt8], signatureKey: [UInt8], timestamp: UInt64) {
        self.event = event
        self.userID = userID
        self.deviceID = deviceID
        self.signatureKey = signatureKey
        self.timestamp = timestamp
    }

    public func encode(to writer: inout MLSWriter) {
        writer.write(Self.version)
        writer.write(event.rawValue)
        writer.writeOpaque(userID)
        writer.writeOpaque(deviceID)
        writer.writeOpaque(signatureKey)
        writer.write(timestamp)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        guard try reader.readUInt8() == Self.version else { throw CodecError(.invalidValue, "LogEntry.version") }
        guard let event = Event(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "LogEntry.event")
        }
        self.event = event
        userID = try reader.readOpaque(maxLength: TransparencyLimits.maxIdentifierLength)
        deviceID = try reader.readOpaque(maxLength: TransparencyLimits.maxIdentifierLength)
        signatureKey = try reader.readOpaque(maxLength: TransparencyLimits.maxDeviceKeyLength)
        timestamp = try reader.readUInt64()
        guard !userID.isEmpty, !deviceID.isEmpty, !signatureKey.isEmpty else {
            throw CodecError(.invalidValue, "LogEntry: empty field")
        }
    }

    /// Strictly decodes one encoded entry (as stored in a leaf).
    public static func decode(_ bytes: [UInt8]) throws(TransparencyError) -> LogEntry {
        do {
            return try LogEntry(mlsEncoded: bytes)
        } catch {
            throw TransparencyError(.malformedEncoding, "LogEntry: \(error.code.rawValue)")
        }
    }

    /// The encoded entry, i.e. the leaf input.
    public var leafInput: [UInt8] { mlsEncoded }

    /// SHA-256(0x00 || encoded entry).
    public var leafHash: [UInt8] { MerkleHash.leafHash(mlsEncoded) }
}
