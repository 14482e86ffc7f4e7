import MLSCodec

// struct {
//     uint64 not_before;
//     uint64 not_after;
// } Lifetime;
/// The validity window of a KeyPackage's leaf, in seconds since the Unix epoch (RFC 9420 §7.2).
public struct Lifetime: Hashable, Sendable {
    public var notBefore: UInt64
    public var notAfter: UInt64

    public init(notBefore: UInt64, notAfter: UInt64) {
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// Whether `time` (seconds since the Unix epoch) lies within the window, bounds included.
    public func contains(_ time: UInt64) -> Bool { notBefore <= time && time <= notAfter }
}

extension Lifetime: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(notBefore)
        writer.write(notAfter)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        notBefore = try reader.readUInt64()
        notAfter = try reader.readUInt64()
    }
}
