import MLS
import Testing

@Suite struct ScheduleSecretTreeTests {
    @Test("a sender's keys are the receiver's keys, per leaf and per ratchet", arguments: ScheduleSuites.all)
    func senderReceiverAgree(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let root = ScheduleSuites.secret(1, p)
        var sender = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        var receiver = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        for generation in UInt32(0)..<3 {
            let sent = try sender.nextKey(for: LeafIndex(2), kind: .application)
            #expect(sent.generation == generation)
            let received = try receiver.key(for: LeafIndex(2), kind: .application, generation: generation)
            #expect(sent == received)
            #expect(sent.key.count == p.parameters.aeadKeyLength)
            #expect(sent.nonce.count == p.parameters.aeadNonceLength)
        }
        let handshake = try sender.nextKey(for: LeafIndex(2), kind: .handshake)
        #expect(handshake.generation == 0)
        #expect(handshake.key != (try receiver.key(for: LeafIndex(3), kind: .handshake, generation: 0)).key)
        #expect(handshake == (try receiver.key(for: LeafIndex(2), kind: .handshake, generation: 0)))
        #expect(sender.nextGeneration(for: LeafIndex(2), kind: .application) == 3)
    }

    @Test("a consumed generation cannot be used again", arguments: ScheduleSuites.all)
    func consumedGeneration(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        var tree = try SecretTree(encryptionSecret: ScheduleSuites.secret(2, p), leafCount: 2, provider: p)
        _ = try tree.key(for: LeafIndex(1), kind: .application, generation: 0)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(1), kind: .application, generation: 0) } == .ratchetGenerationConsumed)
        // The sender side can never hand out a generation twice either.
        let next = try tree.nextKey(for: LeafIndex(1), kind: .application)
        #expect(next.generation == 1)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(1), kind: .application, generation: 1) } == .ratchetGenerationConsumed)
    }

    @Test("out-of-order generations within the window; skipped keys are single-use", arguments: ScheduleSuites.all)
    func outOfOrder(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let root = ScheduleSuites.secret(3, p)
        var reference = try SecretTree(encryptionSecret: root, leafCount: 8, provider: p)
        var tree = try SecretTree(encryptionSecret: root, leafCount: 8, provider: p)
        let five = try tree.key(for: LeafIndex(6), kind: .handshake, generation: 5)
        let two = try tree.key(for: LeafIndex(6), kind: .handshake, generation: 2)
        #expect(two == (try reference.key(for: LeafIndex(6), kind: .handshake, generation: 2)))
        #expect(five == (try reference.key(for: LeafIndex(6), kind: .handshake, generation: 5)))
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(6), kind: .handshake, generation: 2) } == .ratchetGenerationConsumed)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(6), kind: .handshake, generation: 5) } == .ratchetGenerationConsumed)
        _ = try tree.key(for: LeafIndex(6), kind: .handshake, generation: 0)
    }

    @Test("only the newest skipped keys are retained", arguments: ScheduleSuites.all)
    func retention(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let config = SecretTree.Configuration(maxForwardDistance: 100, maxRetainedKeys: 2)
        var tree = try SecretTree(encryptionSecret: ScheduleSuites.secret(4, p), leafCount: 2, provider: p, configuration: config)
        _ = try tree.key(for: LeafIndex(0), kind: .application, generation: 10)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(0), kind: .application, generation: 7) } == .ratchetGenerationConsumed)
        _ = try tree.key(for: LeafIndex(0), kind: .application, generation: 8)
        _ = try tree.key(for: LeafIndex(0), kind: .application, generation: 9)
        // A later jump pushes older skipped keys out of the window.
        var other = try SecretTree(encryptionSecret: ScheduleSuites.secret(4, p), leafCount: 2, provider: p, configuration: config)
        _ = try other.key(for: LeafIndex(0), kind: .application, generation: 3)
        _ = try other.key(for: LeafIndex(0), kind: .application, generation: 6)
        #expect(mlsErrorCode { try other.key(for: LeafIndex(0), kind: .application, generation: 2) } == .ratchetGenerationConsumed)
        _ = try other.key(for: LeafIndex(0), kind: .application, generation: 4)
        // No retention at all.
        var none = try SecretTree(encryptionSecret: ScheduleSuites.secret(4, p), leafCount: 2, provider: p,
                                  configuration: .init(maxForwardDistance: 100, maxRetainedKeys: 0))
        _ = try none.key(for: LeafIndex(0), kind: .application, generation: 1)
        #expect(mlsErrorCode { try none.key(for: LeafIndex(0), kind: .application, generation: 0) } == .ratchetGenerationConsumed)
    }

    @Test("a generation too far ahead is rejected and changes nothing", arguments: ScheduleSuites.all)
    func tooFarAhead(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let config = SecretTree.Configuration(maxForwardDistance: 10, maxRetainedKeys: 32)
        var tree = try SecretTree(encryptionSecret: ScheduleSuites.secret(5, p), leafCount: 4, provider: p, configuration: config)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(1), kind: .application, generation: 11) } == .ratchetGenerationTooFarAhead)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(1), kind: .application, generation: .max) } == .ratchetGenerationTooFarAhead)
        #expect(tree.nextGeneration(for: LeafIndex(1), kind: .application) == 0)
        _ = try tree.key(for: LeafIndex(1), kind: .application, generation: 0)
        // The window is measured from the next expected generation.
        _ = try tree.key(for: LeafIndex(1), kind: .application, generation: 11)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(1), kind: .application, generation: 23) } == .ratchetGenerationTooFarAhead)
        #expect(SecretTree.Configuration.default.maxForwardDistance == 1000)
        #expect(SecretTree.Configuration.default.maxRetainedKeys == 32)
    }

    @Test("leaves outside the tree and invalid tree sizes are rejected", arguments: ScheduleSuites.all)
    func outOfRange(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let root = ScheduleSuites.secret(6, p)
        var tree = try SecretTree(encryptionSecret: root, leafCount: 4, provider: p)
        #expect(mlsErrorCode { try tree.key(for: LeafIndex(4), kind: .handshake, generation: 0) } == .secretTreeLeafOutOfRange)
        #expect(mlsErrorCode { try tree.nextKey(for: LeafIndex(.max), kind: .application) } == .secretTreeLeafOutOfRange)
        for count: UInt32 in [0, 3, 6, 1 << 21] {
            #expect(mlsErrorCode { try SecretTree(encryptionSecret: root, leafCount: count, provider: p) } == .invalidSecretTreeSize)
        }
        #expect(mlsErrorCode { try SecretTree(encryptionSecret: SecretBytes([1, 2, 3]), leafCount: 4, provider: p) } == .invalidSecretLength)
        var single = try SecretTree(encryptionSecret: root, leafCount: 1, provider: p)
        _ = try single.nextKey(for: LeafIndex(0), kind: .handshake)
    }

    @Test("each leaf's keys are the same whatever order leaves are first used in", arguments: ScheduleSuites.all)
    func orderIndependence(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let root = ScheduleSuites.secret(7, p)
        var forward = try SecretTree(encryptionSecret: root, leafCount: 8, provider: p)
        var backward = try SecretTree(encryptionSecret: root, leafCount: 8, provider: p)
        var a: [RatchetKey] = []
        var b: [RatchetKey] = []
        for leaf in UInt32(0)..<8 { a.append(try forward.key(for: LeafIndex(leaf), kind: .application, generation: 1)) }
        for leaf in (UInt32(0)..<8).reversed() { b.append(try backward.key(for: LeafIndex(leaf), kind: .application, generation: 1)) }
        #expect(a == b.reversed())
        #expect(Set(a.map(\.key)).count == 8)
    }

    @Test("the reuse guard XORs the first four nonce bytes", arguments: ScheduleSuites.all)
    func reuseGuard(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        var tree = try SecretTree(encryptionSecret: ScheduleSuites.secret(8, p), leafCount: 2, provider: p)
        let key = try tree.nextKey(for: LeafIndex(0), kind: .application)
        let guardBytes: [UInt8] = [0xde, 0xad, 0xbe, 0xef]
        let nonce = try key.nonce(reuseGuard: guardBytes)
        let raw = key.nonce.exposedBytes
        #expect(nonce.count == raw.count)
        #expect(Array(nonce.prefix(4)) == zip(raw.prefix(4), guardBytes).map { $0 ^ $1 })
        #expect(nonce.dropFirst(4) == raw.dropFirst(4))
        #expect(try key.nonce(reuseGuard: [0, 0, 0, 0]) == raw)
        #expect(mlsErrorCode { try key.nonce(reuseGuard: [1, 2, 3]) } == .invalidReuseGuard)
        #expect(mlsErrorCode { try key.nonce(reuseGuard: [1, 2, 3, 4, 5]) } == .invalidReuseGuard)
        #expect(mlsErrorCode { try ReuseGuard.apply(guardBytes, to: SecretBytes([1, 2])) } == .invalidReuseGuard)
    }

    @Test("sender-data keys use the first Nh bytes of the ciphertext, or all of a short one", arguments: ScheduleSuites.all)
    func senderDataSample(_ suite: CipherSuite) throws {
        let p = try ScheduleSuites.provider(suite)
        let secret = ScheduleSuites.secret(9, p)
        let nh = p.hashLength
        let long = (0..<(nh + 10)).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let base = try SenderDataKeys(senderDataSecret: secret, ciphertext: long, provider: p)
        #expect(base.key.count == p.parameters.aeadKeyLength)
        #expect(base.nonce.count == p.parameters.aeadNonceLength)
        // Bytes after the sample do not matter; bytes inside it do.
        var tail = long
        tail[nh] ^= 1
        #expect(try SenderDataKeys(senderDataSecret: secret, ciphertext: tail, provider: p) == base)
        #expect(try SenderDataKeys(senderDataSecret: secret, ciphertext: Array(long.prefix(nh)), provider: p) == base)
        var head = long
        head[nh - 1] ^= 1
        #expect(try SenderDataKeys(senderDataSecret: secret, ciphertext: head, provider: p) != base)
        // A short ciphertext is used whole.
        let short = Array(long.prefix(5))
        let shortKeys = try SenderDataKeys(senderDataSecret: secret, ciphertext: short, provider: p)
        let expectedKey = try p.expandWithLabel(secret, label: "key", context: short, length: p.parameters.aeadKeyLength)
        #expect(shortKeys.key == expectedKey)
        #expect(try SenderDataKeys(senderDataSecret: secret, ciphertext: Array(long.prefix(6)), provider: p) != shortKeys)
    }

    @Test("application data uses the application ratchet, proposals and commits the handshake one")
    func ratchetKindForContent() {
        #expect(SecretTree.RatchetKind(.application) == .application)
        #expect(SecretTree.RatchetKind(.proposal) == .handshake)
        #expect(SecretTree.RatchetKind(.commit) == .handshake)
    }
}
