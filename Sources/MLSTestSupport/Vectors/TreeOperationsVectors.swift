import MLS

/// `tree-operations.json`: applying Add, Update and Remove to a ratchet tree (RFC 9420 §12.1).
struct TreeOperationsVectors: VectorFamily {
    let name = "tree-operations"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("tree_before") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        var tree = try RatchetTree(RatchetTreeNodes(mlsEncoded: try entry.hex("tree_before")))
        try VectorEntry.expectEqual(tree.treeHash(provider), try entry.hex("tree_hash_before"), "tree_hash_before")

        let proposal = try Proposal(mlsEncoded: try entry.hex("proposal"))
        let sender = LeafIndex(UInt32(try entry.int("proposal_sender")))
        switch proposal {
        case .add(let add): try tree.add(add.keyPackage.leafNode)
        case .update(let update): try tree.update(sender, with: update.leafNode)
        case .remove(let remove): try tree.remove(remove.removed)
        default: throw VectorFailure("unexpected proposal type")
        }
        try VectorEntry.expectEqual(tree.serialized.mlsEncoded, try entry.hex("tree_after"), "tree_after")
        try VectorEntry.expectEqual(tree.treeHash(provider), try entry.hex("tree_hash_after"), "tree_hash_after")
    }
}
