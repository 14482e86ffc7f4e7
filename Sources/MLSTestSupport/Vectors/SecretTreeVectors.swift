import MLS

/// `secret-tree.json`: sender-data keys and the secret tree (RFC 9420 §6.3.2, §9).
struct SecretTreeVectors: VectorFamily {
    let name = "secret-tree"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("sender_data") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)

        let senderData = try entry.entry("sender_data")
        let keys = try SenderDataKeys(
            senderDataSecret: SecretBytes(try senderData.hex("sender_data_secret")),
            ciphertext: try senderData.hex("ciphertext"), provider: provider)
        try VectorEntry.expectEqual(keys.key.exposedBytes, try senderData.hex("key"), "sender_data key")
        try VectorEntry.expectEqual(keys.nonce.exposedBytes, try senderData.hex("nonce"), "sender_data nonce")

        guard let leaves = try entry.list("leaves") as? [[[String: Any]]] else {
            throw VectorFailure("field leaves is not a list of lists")
        }
        var tree = try SecretTree(
            encryptionSecret: SecretBytes(try entry.hex("encryption_secret")),
            leafCount: UInt32(leaves.count), provider: provider)
        for (index, generations) in leaves.enumerated() {
            let leaf = LeafIndex(UInt32(index))
            // The receiver's view: generations in increasing order, each consumed once.
            let sorted = try generations.map(VectorEntry.init).sorted { try $0.int("generation") < $1.int("generation") }
            for step in sorted {
                let generation = UInt32(try step.uint64("generation"))
                let handshake = try tree.key(for: leaf, kind: .handshake, generation: generation)
                let application = try tree.key(for: leaf, kind: .application, generation: generation)
                let what = "leaf \(index) generation \(generation)"
                try VectorEntry.expectEqual(handshake.generation, generation, "\(what) handshake generation")
                try VectorEntry.expectEqual(handshake.key.exposedBytes, try step.hex("handshake_key"), "\(what) handshake_key")
                try VectorEntry.expectEqual(handshake.nonce.exposedBytes, try step.hex("handshake_nonce"), "\(what) handshake_nonce")
                try VectorEntry.expectEqual(application.key.exposedBytes, try step.hex("application_key"), "\(what) application_key")
                try VectorEntry.expectEqual(application.nonce.exposedBytes, try step.hex("application_nonce"), "\(what) application_nonce")
            }
        }
    }
}
