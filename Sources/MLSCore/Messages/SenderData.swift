import MLSCodec

// struct {
//     uint32 leaf_index;
//     uint32 generation;
//     opaque reuse_guard[4];
// } SenderData;
/// The encrypted identification of a PrivateMessage's sender (RFC 9420 §6.3.2).
public struct SenderData: Hashable, Sendable {
    /// The sender's leaf.
    public var leafIndex: LeafIndex
    /// The generation of the sender's ratchet key used for the content.
    public var generation: UInt32
    /// Exactly 4 bytes on the wire. Encoding writes the first 4 bytes, zero-padded if shorter.
    public var reuseGuard: [UInt8]

    public static let reuseGuardLength = 4

    public init(leafIndex: LeafIndex, generation: UInt32, reuseGuard: [UInt8]) {
        self.leafIndex = leafIndex
        self.generation = generation
        self.reuseGuard = reuseGuard
    }
}

extension SenderData: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(leafIndex)
        writer.write(generation)
        for i in 0..<Self.reuseGuardLength {
            writer.write(i < reuseGuard.count ? reuseGuard[i] : 0)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        leafIndex = try reader.read()
        generation = try reader.readUInt32()
        reuseGuard = Array(try reader.readFixed(Self.reuseGuardLength))
    }
}
