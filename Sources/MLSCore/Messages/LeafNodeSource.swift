import MLSCodec

// enum {
//     reserved(0),
//     key_package(1),
//     update(2),
//     commit(3),
//     (255)
// } LeafNodeSource;
//
// (with the source-dependent part of LeafNode:)
//     select (LeafNode.leaf_node_source) {
//         case key_package:
//             Lifetime lifetime;
//         case update:
//             struct{};
//         case commit:
//             opaque parent_hash<V>;
//     };
/// How a leaf node came to be, with the data that depends on it (RFC 9420 §7.2).
public enum LeafNodeSource: Hashable, Sendable {
    case keyPackage(Lifetime)
    case update
    case commit(parentHash: [UInt8])

    /// The `LeafNodeSource` enum value on the wire.
    public var rawValue: UInt8 {
        switch self {
        case .keyPackage: 1
        case .update: 2
        case .commit: 3
        }
    }
}

extension LeafNodeSource: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(rawValue)
        switch self {
        case .keyPackage(let lifetime): writer.write(lifetime)
        case .update: break
        case .commit(let parentHash): writer.writeOpaque(parentHash)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        switch try reader.readUInt8() {
        case 1: self = .keyPackage(try reader.read())
        case 2: self = .update
        case 3: self = .commit(parentHash: try reader.readOpaque(maxLength: WireLimits.key))
        default: throw CodecError(.invalidValue, "LeafNodeSource")
        }
    }
}
