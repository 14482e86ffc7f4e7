import MLSCodec

// struct {
//     LeafNode leaf_node;
//     UpdatePathNode nodes<V>;
// } UpdatePath;
/// The committer's new leaf and the new keys along its filtered direct path (RFC 9420 §7.6).
public struct UpdatePath: Hashable, Sendable {
    /// The committer's new leaf, with source `commit`.
    public var leafNode: LeafNode
    /// One entry per node of the committer's filtered direct path.
    public var nodes: [UpdatePathNode]

    public init(leafNode: LeafNode, nodes: [UpdatePathNode]) {
        self.leafNode = leafNode
        self.nodes = nodes
    }
}

extension UpdatePath: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(leafNode)
        writer.writeVector(nodes)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        leafNode = try reader.read()
        nodes = try reader.readVector(maxLength: WireLimits.message)
    }
}
