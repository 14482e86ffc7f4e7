/// A member of the group as seen in the ratchet tree.
public struct Member: Sendable, Hashable {
    public let leafIndex: LeafIndex
    public let leafNode: LeafNode
    public var credential: Credential { leafNode.credential }
    public var signatureKey: [UInt8] { leafNode.signatureKey }
    public var encryptionKey: [UInt8] { leafNode.encryptionKey }

    public init(leafIndex: LeafIndex, leafNode: LeafNode) {
        self.leafIndex = leafIndex
        self.leafNode = leafNode
    }
}
