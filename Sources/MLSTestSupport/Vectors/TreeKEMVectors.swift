import Foundation
import MLS

/// `treekem.json`: TreeKEM UpdatePath processing and creation (RFC 9420 §7.4-7.6).
struct TreeKEMVectors: VectorFamily {
    let name = "treekem"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("update_paths") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let groupID = try entry.hex("group_id")
        let epoch = try entry.uint64("epoch")
        let confirmedTranscriptHash = try entry.hex("confirmed_transcript_hash")
        let tree = try RatchetTree(RatchetTreeNodes(mlsEncoded: try entry.hex("ratchet_tree")))
        func groupContext(_ treeHash: [UInt8]) -> [UInt8] {
            GroupContext(cipherSuite: suite, groupID: groupID, epoch: epoch, treeHash: treeHash,
                         confirmedTranscriptHash: confirmedTranscriptHash, extensions: []).mlsEncoded
        }

        // Private states, checked against the tree.
        var states: [LeafIndex: TreeKEMPrivateState] = [:]
        var signatureKeys: [LeafIndex: SecretBytes] = [:]
        for leaf in try entry.entries("leaves_private") {
            let index = LeafIndex(UInt32(try leaf.int("index")))
            var state = try TreeKEMPrivateState(leafIndex: index, leafPrivateKey: SecretBytes(try leaf.hex("encryption_priv")), provider)
            for secret in try leaf.entries("path_secrets") {
                try state.setPathSecret(SecretBytes(try secret.hex("path_secret")), at: NodeIndex(UInt32(try secret.int("node"))), in: tree, provider)
            }
            try state.verify(against: tree)
            states[index] = state
            signatureKeys[index] = SecretBytes(try leaf.hex("signature_priv"))
        }

        for (n, update) in try entry.entries("update_paths").enumerated() {
            let sender = LeafIndex(UInt32(try update.int("sender")))
            let path = try UpdatePath(mlsEncoded: try update.hex("update_path"))
            var merged = tree
            try merged.merge(path, from: sender, newMembers: [], provider)
            try VectorEntry.expectEqual(merged.treeHash(provider), try update.hex("tree_hash_after"), "path \(n) tree_hash_after")
            let context = groupContext(merged.treeHash(provider))
            let expectedSecrets = try update.list("path_secrets")
            let commitSecret = try update.hex("commit_secret")

            for (leaf, _) in tree.members where leaf != sender {
                guard var state = states[leaf] else { throw VectorFailure("no private state for \(leaf)") }
                let result = try state.process(path, from: sender, mergedTree: merged, newMembers: [], groupContext: context, provider)
                guard Int(leaf.rawValue) < expectedSecrets.count, let hex = expectedSecrets[Int(leaf.rawValue)] as? String,
                      let expected = Hex.decode(hex) else { throw VectorFailure("path \(n): no path secret for \(leaf)") }
                try VectorEntry.expectEqual(result.pathSecret.exposedBytes, expected, "path \(n) path secret at \(leaf)")
                try VectorEntry.expectEqual(result.commitSecret.exposedBytes, commitSecret, "path \(n) commit secret at \(leaf)")
                try state.verify(against: merged)
            }

            // A fresh UpdatePath from the same sender must be processed to the same commit secret by everyone.
            guard let leafNode = tree.leafNode(at: sender), let signatureKey = signatureKeys[sender] else {
                throw VectorFailure("path \(n): no leaf or signature key for the sender")
            }
            let created = try tree.createUpdatePath(sender: sender, leafNode: leafNode, signaturePrivateKey: signatureKey,
                                                    groupID: groupID, newMembers: [], provider, groupContext: groupContext)
            try created.privateState.verify(against: created.tree)
            var received = tree
            try received.merge(created.updatePath, from: sender, newMembers: [], provider)
            try VectorEntry.expectEqual(received, created.tree, "path \(n): merged fresh path differs from the creator's tree")
            try received.verifyParentHashes(provider)
            try RatchetTree.verifyLeafSignature(created.updatePath.leafNode, at: sender, groupID: groupID, provider)
            let newContext = groupContext(received.treeHash(provider))
            for (leaf, _) in tree.members where leaf != sender {
                guard var state = states[leaf] else { throw VectorFailure("no private state for \(leaf)") }
                let result = try state.process(created.updatePath, from: sender, mergedTree: received, newMembers: [],
                                               groupContext: newContext, provider)
                try VectorEntry.expectEqual(result.commitSecret, created.commitSecret, "path \(n): fresh commit secret at \(leaf)")
            }
        }
    }
}
