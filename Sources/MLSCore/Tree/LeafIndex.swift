import MLSCodec

/// The index of a leaf in the ratchet tree (RFC 9420 §4.1.1): the position of a member
/// among the leaves, counted from the left. Encoded as `uint32`.
public struct LeafIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { rawValue = value }

    /// The node index of this leaf in the array representation: `2 * leaf`.
    ///
    /// Leaf indices come from the wire (senders, removals, unmerged leaves) and may be any
    /// `uint32`. For a leaf `>= 2^31`, whose node index does not fit in 32 bits, this is
    /// `UInt32.max`: a node outside every tree (trees have at most ``MLSLimits/maxLeaves``
    /// leaves), so lookups find nothing and the caller rejects the index, instead of the
    /// multiplication trapping or wrapping onto a real leaf.
    public var nodeIndex: NodeIndex {
        rawValue < 1 << 31 ? NodeIndex(rawValue << 1) : NodeIndex(UInt32.max)
    }

    public static func < (lhs: LeafIndex, rhs: LeafIndex) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "leaf \(rawValue)" }
}

extension LeafIndex: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt32() }
}

/// The index of a node in the array representation of the tree (RFC 9420 Appendix C):
/// leaves at even indices, parents at odd ones. Encoded as `uint32` where it appears on the wire.
public struct NodeIndex: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ value: UInt32) { rawValue = value }

    public var isLeaf: Bool { rawValue & 1 == 0 }
    /// The leaf index, for even (leaf) nodes only.
    public var leafIndex: LeafIndex? { isLeaf ? LeafIndex(rawValue / 2) : nil }

    public static func < (lhs: NodeIndex, rhs: NodeIndex) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "node \(rawValue)" }
}

extension NodeIndex: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt32() }
}
