import MLSCodec

// struct {
//     HPKEPublicKey encryption_key;
//     opaque parent_hash<V>;
//     uint32 unmerged_leaves<V>;
// } ParentNode;
/// An interior node of the ratchet tree (RFC 9420 §7.1).
public struct ParentNode: Hashable, Sendable {
    /// The node's HPKE public key.
    public var encryptionKey: [UInt8]
    /// The parent hash linking this node to its parent (§7.9).
    public var parentHash: [UInt8]
    /// Leaves added below this node since its key was last set, in increasing order.
    public var unmergedLeaves: [LeafIndex]

    public init(encryptionKey: [UInt8], parentHash: [UInt8], unmergedLeaves: [LeafIndex]) {
        self.encryptionKey = encryptionKey
        self.parentHash = parentHash
        self.unmergedLeaves = unmergedLeaves
    }
}

extension ParentNode: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(encryptionKey)
        writer.writeOpaque(parentHash)
        writer.writeVector(unmergedLeaves)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        encryptionKey = try reader.readOpaque(maxLength: WireLimits.key)
        parentHash = try reader.readOpaque(maxLength: WireLimits.key)
        unmergedLeaves = try reader.readVector(maxLength: WireLimits.leafList)
    }
}
