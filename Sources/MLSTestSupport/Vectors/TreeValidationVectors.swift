import Foundation
import MLS

/// `tree-validation.json`: resolutions, tree hashes, parent hashes and leaf signatures (RFC 9420 §7).
struct TreeValidationVectors: VectorFamily {
    let name = "tree-validation"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("resolutions") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let tree = try RatchetTree(RatchetTreeNodes(mlsEncoded: try entry.hex("tree")))
        let groupID = try entry.hex("group_id")

        guard let resolutions = try entry.list("resolutions") as? [[Any]] else {
            throw VectorFailure("resolutions is not a list of lists")
        }
        let treeHashes = try entry.list("tree_hashes").map { value -> [UInt8] in
            guard let s = value as? String, let bytes = Hex.decode(s) else { throw VectorFailure("tree_hashes entry is not hex") }
            return bytes
        }
        try VectorEntry.expectEqual(resolutions.count, tree.nodes.count, "number of resolutions")
        try VectorEntry.expectEqual(treeHashes.count, tree.nodes.count, "number of tree hashes")

        for (i, expected) in resolutions.enumerated() {
            let expectedNodes = expected.compactMap { ($0 as? NSNumber)?.uint32Value }
            try VectorEntry.expectEqual(expectedNodes.count, expected.count, "resolution \(i) entries")
            let actual = tree.resolution(of: NodeIndex(UInt32(i))).map(\.rawValue)
            try VectorEntry.expectEqual(actual, expectedNodes, "resolution of node \(i)")
        }
        let hashes = tree.treeHashes(provider)
        for i in 0..<tree.nodes.count {
            try VectorEntry.expectEqual(hashes[i], treeHashes[i], "tree hash of node \(i)")
            try VectorEntry.expectEqual(tree.treeHash(of: NodeIndex(UInt32(i)), provider), treeHashes[i], "tree hash of node \(i) (direct)")
        }
        try tree.verifyParentHashes(provider)
        try tree.validateLeaves(groupID: groupID, provider)
        try tree.validate(groupID: groupID, provider: provider)
    }
}
