import MLSCodec

// struct {
//     PreSharedKeyID id;
//     uint16 index;
//     uint16 count;
// } PSKLabel;
/// The context binding one PSK to its position in the list injected into an epoch
/// (RFC 9420 §8.4).
public struct PSKLabel: Hashable, Sendable, MLSCodable {
    public var id: PreSharedKeyID
    /// Position of this PSK in the list.
    public var index: UInt16
    /// Number of PSKs in the list.
    public var count: UInt16

    public init(id: PreSharedKeyID, index: UInt16, count: UInt16) {
        self.id = id
        self.index = index
        self.count = count
    }

    public func encode(to writer: inout MLSWriter) {
        writer.write(id)
        writer.write(index)
        writer.write(count)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        id = try reader.read(PreSharedKeyID.self)
        index = try reader.readUInt16()
        count = try reader.readUInt16()
    }
}
