import MLS
import MLSCodec
import Testing

/// Whether `needle` occurs anywhere in `haystack`.
private func occurs(_ needle: SecretBytes, in haystack: [UInt8]) -> Bool {
    let n = needle.exposedBytes
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    for start in 0...(haystack.count - n.count) where haystack[start..<start + n.count].elementsEqual(n) { return true }
    return false
}

@Suite struct ScheduleSecretTreeStateTests {
    @Test("a decoded state behaves exactly like the tree it came from", arguments: ScheduleSuites.all)
    func roundTrip(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let root = ScheduleSuites.secret(7, p)
        var reference = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        var expected: [UInt32: RatchetKey] = [:]
        for generation in UInt32(0)..<6 { expected[generation] = try reference.key(for: LeafIndex(1), kind: .application, generation: generation) }
        let leaf3 = try reference.key(for: LeafIndex(3), kind: .application, generation: 0)
        let handshake = try reference.key(for: LeafIndex(2), kind: .handshake, generation: 1)

        var receiver = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        _ = try receiver.key(for: LeafIndex(1), kind: .application, generation: 0)
        _ = try receiver.key(for: LeafIndex(1), kind: .application, generation: 3) // 1 and 2 retained
        _ = try receiver.key(for: LeafIndex(2), kind: .handshake, generation: 0)

        let encoding = receiver.encodedState()
        var restored = try SecretTree(encodedState: encoding, provider: p)
        #expect(restored.state == receiver.state)
        #expect(restored.encodedState() == encoding)
        #expect(restored.nextGeneration(for: LeafIndex(1), kind: .application) == 4)

        // Retained out-of-order keys survive, once.
        #expect(try restored.key(for: LeafIndex(1), kind: .application, generation: 2) == expected[2])
        #expect(mlsErrorCode { try restored.key(for: LeafIndex(1), kind: .application, generation: 2) } == .ratchetGenerationConsumed)
        // Consumed generations stay consumed.
        for generation: UInt32 in [0, 3] {
            #expect(mlsErrorCode { try restored.key(for: LeafIndex(1), kind: .application, generation: generation) } == .ratchetGenerationConsumed)
        }
        #expect(mlsErrorCode { try restored.key(for: LeafIndex(2), kind: .handshake, generation: 0) } == .ratchetGenerationConsumed)
        // Future generations and underived leaves give the same keys as without the restore.
        #expect(try restored.key(for: LeafIndex(1), kind: .application, generation: 5) == expected[5])
        #expect(try restored.key(for: LeafIndex(1), kind: .application, generation: 1) == expected[1])
        #expect(try restored.key(for: LeafIndex(1), kind: .application, generation: 4) == expected[4])
        #expect(try restored.key(for: LeafIndex(3), kind: .application, generation: 0) == leaf3)
        #expect(try restored.key(for: LeafIndex(2), kind: .handshake, generation: 1) == handshake)
    }

    @Test("after receiving a generation the state holds no root and no consumed secret", arguments: ScheduleSuites.all)
    func forwardSecrecy(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let nh = p.hashLength
        let root = ScheduleSuites.secret(9, p)
        var tree = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        let received0 = try tree.key(for: LeafIndex(1), kind: .application, generation: 0)
        let received2 = try tree.key(for: LeafIndex(1), kind: .application, generation: 2)
        let encoding = tree.encodedState()

        // The secrets the tree consumed, derived independently (RFC 9420 §9): root (node 3) ->
        // left child (node 1) -> right child (node 2 = leaf 1) -> application ratchet.
        let node1 = try p.expandWithLabel(root, label: "tree", context: Array("left".utf8), length: nh)
        let node5 = try p.expandWithLabel(root, label: "tree", context: Array("right".utf8), length: nh)
        let node0 = try p.expandWithLabel(node1, label: "tree", context: Array("left".utf8), length: nh)
        let node2 = try p.expandWithLabel(node1, label: "tree", context: Array("right".utf8), length: nh)
        var ratchet = [try p.expandWithLabel(node2, label: "application", context: [], length: nh)]
        for generation in UInt32(0)..<3 {
            ratchet.append(try p.deriveTreeSecret(ratchet[Int(generation)], label: "secret", generation: generation, length: nh))
        }
        let skipped = try p.deriveTreeSecret(ratchet[1], label: "key", generation: 1, length: p.parameters.aeadKeyLength)

        let consumed = [root, node1, node2, ratchet[0], ratchet[1], ratchet[2],
                        received0.key, received0.nonce, received2.key, received2.nonce]
        for (index, secret) in consumed.enumerated() {
            #expect(!occurs(secret, in: encoding), "consumed secret \(index) is in the state")
        }
        // The search does find what must stay: the next ratchet secret, the unconsumed
        // siblings, and the retained key of skipped generation 1.
        for secret in [ratchet[3], node0, node5, skipped] { #expect(occurs(secret, in: encoding)) }

        // The root is not recoverable: the only node secrets left are the siblings of the
        // consumed path (one-way KDF outputs below the root), none of them on the path.
        let state = tree.state
        #expect(state.nodeSecrets.map(\.node.rawValue) == [0, 5])
        #expect(state.nodeSecrets.allSatisfy { $0.secret != root })
        #expect(state.leaves.map(\.leaf) == [LeafIndex(1)])
    }

    @Test("malformed or inconsistent states are rejected", arguments: [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519])
    func rejectsBadStates(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        var tree = try SecretTree(encryptionSecret: ScheduleSuites.secret(3, p), leafCount: 4, provider: p)
        _ = try tree.key(for: LeafIndex(1), kind: .application, generation: 3)
        let good = tree.state
        #expect(throws: Never.self) { try SecretTree(state: good, provider: p) }

        func code(_ state: SecretTree.State, configuration: SecretTree.Configuration = .default) -> MLSError.Code? {
            mlsErrorCode { try SecretTree(encodedState: state.mlsEncoded, provider: p, configuration: configuration) }
        }
        var bad = good
        bad.leafCount = 3
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.leafCount = 8 // leaves 4..7 covered by nothing
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.nodeSecrets.append(SecretTree.NodeSecret(node: NodeIndex(3), secret: ScheduleSuites.secret(1, p))) // root overlaps
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.nodeSecrets.removeFirst() // leaf 0 unreachable
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.nodeSecrets.reverse() // not canonical
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.nodeSecrets[0].secret = SecretBytes([1, 2, 3]) // not Nh bytes
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.leaves[0].application.nextGeneration = 1 // retained keys 0..2 not below it
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.leaves[0].application.nextGeneration = 1 << 32 // exhausted but still has a secret
        #expect(code(bad) == .invalidSecretTreeState)
        bad = good
        bad.leaves[0].application.retainedKeys.reverse()
        #expect(code(bad) == .invalidSecretTreeState)
        #expect(code(good, configuration: .init(maxForwardDistance: 1000, maxRetainedKeys: 2)) == .invalidSecretTreeState)
        #expect(code(good) == nil)

        var bytes = good.mlsEncoded
        bytes[0] = 2 // unknown version
        #expect(mlsErrorCode { try SecretTree(encodedState: bytes, provider: p) } == .invalidSecretTreeState)
        #expect(mlsErrorCode { try SecretTree(encodedState: good.mlsEncoded + [0], provider: p) } == .invalidSecretTreeState)
        #expect(mlsErrorCode { try SecretTree(encodedState: Array(good.mlsEncoded.dropLast()), provider: p) } == .invalidSecretTreeState)
    }
}
