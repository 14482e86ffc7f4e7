import MLSCodec

// enum {
//     reserved(0),
//     leaf(1),
//     parent(2),
//     (255)
// } NodeType;
//
// struct {
//     NodeType node_type;
//     select (Node.node_type) {
//         case leaf:   LeafNode leaf_node;
//         case parent: ParentNode parent_node;
//     };
// } Node;
/// A non-blank node of the ratchet tree (RFC 9420 §7.8, §12.4.3.3).
///
/// `indirect` keeps each node's payload in one heap box: a `LeafNode` or `ParentNode` holds about ten
/// reference-counted fields, so copying the tree's node array (copy-on-write when a commit installs a
/// path) cost about ten retains per node inline and costs one with the box. At 10,000 members that
/// copy dominated the O(n) part of commit processing and creation (docs/PERFORMANCE.md).
public indirect enum Node: Hashable, Sendable {
    case leaf(LeafNode)
    case parent(ParentNode)

    /// The `NodeType` value on the wire.
    public var nodeType: UInt8 {
        switch self {
        case .leaf: 1
        case .parent: 2
        }
    }

    public var leafNode: LeafNode? {
        if case .leaf(let leaf) = self { leaf } else { nil }
    }

    public var parentNode: ParentNode? {
        if case .parent(let parent) = self { parent } else { nil }
    }

    /// The node's HPKE public key, whichever its kind.
    public var encryptionKey: [UInt8] {
        switch self {
        case .leaf(let leaf): leaf.encryptionKey
        case .parent(let parent): parent.encryptionKey
        }
    }
}

extension Node: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(nodeType)
        switch self {
        case .leaf(let leaf): writer.write(leaf)
        case .parent(let parent): writer.write(parent)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        switch try reader.readUInt8() {
        case 1: self = .leaf(try reader.read())
        case 2: self = .parent(try reader.read())
        default: throw CodecError(.invalidValue, "NodeType")
        }
    }
}
