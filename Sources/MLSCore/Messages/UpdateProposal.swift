import MLSCodec

// struct {
//     LeafNode leaf_node;
// } Update;
/// Replaces the sender's leaf (RFC 9420 §12.1.2).
public struct UpdateProposal: Hashable, Sendable {
    public var leafNode: LeafNode
    public init(leafNode: LeafNode) { self.leafNode = leafNode }
}

extension UpdateProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(leafNode) }
    public init(from reader: inout MLSReader) throws(CodecError) { leafNode = try reader.read() }
}
