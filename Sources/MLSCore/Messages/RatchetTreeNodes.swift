import MLSCodec

// optional<Node> ratchet_tree<V>;
/// The serialized ratchet tree: the payload of the `ratchet_tree` extension (RFC 9420 §12.4.3.3)
/// and of the vectors' `ratchet_tree` fields. `nil` entries are blank nodes.
///
/// Only the encoding lives here; structural checks (odd length, no trailing blank, leaf/parent
/// positions) belong to ``RatchetTree``.
public struct RatchetTreeNodes: Hashable, Sendable {
    public var nodes: [Node?]

    public init(nodes: [Node?]) { self.nodes = nodes }
}

extension RatchetTreeNodes: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeVector { w in
            for node in nodes { w.writeOptional(node) }
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        nodes = try reader.readVector(maxLength: WireLimits.tree) { (r: inout MLSReader) throws(CodecError) -> [Node?] in
            var nodes: [Node?] = []
            while !r.isAtEnd {
                guard nodes.count < Int(MLSLimits.maxLeaves) * 2 else {
                    throw CodecError(.lengthLimitExceeded, "ratchet_tree")
                }
                nodes.append(try r.readOptional(Node.self))
            }
            return nodes
        }
    }
}
