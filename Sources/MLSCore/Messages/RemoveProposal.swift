import MLSCodec

// struct {
//     uint32 removed;
// } Remove;
/// Removes the member at a leaf (RFC 9420 §12.1.3).
public struct RemoveProposal: Hashable, Sendable {
    public var removed: LeafIndex
    public init(removed: LeafIndex) { self.removed = removed }
}

extension RemoveProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(removed) }
    public init(from reader: inout MLSReader) throws(CodecError) { removed = try reader.read() }
}
