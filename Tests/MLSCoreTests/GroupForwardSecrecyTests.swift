import MLS
@testable import MLSCore
import Testing

/// Whether `needle` occurs anywhere in `haystack`.
private func occurs(_ needle: SecretBytes, in haystack: [UInt8]) -> Bool {
    let n = needle.exposedBytes
    guard !n.isEmpty, haystack.count >= n.count else { return false }
    for start in 0...(haystack.count - n.count) where haystack[start..<start + n.count].elementsEqual(n) { return true }
    return false
}

@Suite("Group forward secrecy")
struct GroupForwardSecrecyTests {
    @Test("a stored state holds neither encryption_secret nor consumed message keys",
          arguments: [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls256DHKEMP384AES256GCMSHA384P384])
    func storedStateForgetsConsumedKeys(suite: CipherSuite) throws {
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        // A new epoch whose encryption_secret the test learns from the committer's staged commit
        // (test-only: StagedCommit is internal and holds the key-schedule output until merged).
        let output = try groups[0].commit()
        let encryptionSecret = try #require(output.stagedCommit.newSecrets).encryptionSecret
        try groups[0].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 0)
        GroupTestSupport.expectInSync(groups)
        // Each member derived its own leaf when entering the epoch, consuming the root.
        for group in groups { #expect(!occurs(encryptionSecret, in: group.encoded())) }

        // Alice sends generations 0...4; Bob reads 0, 1 and 3 now, 2 and 4 later.
        let messages = try (0..<5).map { try groups[0].encryptApplicationData(Array("message \($0)".utf8)) }
        for index in [0, 1, 3] {
            guard case .application(let received) = try groups[1].process(messages[index]) else {
                Issue.record("expected application data")
                return
            }
            #expect(received.data == Array("message \(index)".utf8))
        }

        // The keys Alice's application ratchet produced, recomputed from encryption_secret.
        let provider = try GroupTestSupport.provider(suite)
        var reference = try SecretTree(encryptionSecret: encryptionSecret, leafCount: 2, provider: provider)
        let keys = try (UInt32(0)..<5).map { try reference.key(for: LeafIndex(0), kind: .application, generation: $0) }

        let state = groups[1].encoded()
        #expect(!occurs(encryptionSecret, in: state), "encryption_secret is in the stored state")
        for generation in [0, 1, 3] {
            #expect(!occurs(keys[generation].key, in: state), "consumed key \(generation) is in the stored state")
            #expect(!occurs(keys[generation].nonce, in: state), "consumed nonce \(generation) is in the stored state")
        }
        // The retained key of skipped generation 2 is there (the search works), as it must be.
        #expect(occurs(keys[2].key, in: state))

        var restored = try MLSGroup(encoded: state, configuration: GroupTestSupport.configuration())
        #expect(restored.encoded() == state)
        // Replays of consumed generations are rejected after the restore.
        for index in [0, 3] {
            #expect(GroupTestSupport.code { _ = try restored.process(messages[index]) } == .ratchetGenerationConsumed)
        }
        // Out-of-order (retained) and future generations still decrypt, once.
        for index in [2, 4] {
            guard case .application(let received) = try restored.process(messages[index]) else {
                Issue.record("expected application data")
                return
            }
            #expect(received.data == Array("message \(index)".utf8))
        }
        #expect(GroupTestSupport.code { _ = try restored.process(messages[2]) } == .ratchetGenerationConsumed)
    }

    @Test("past epochs keep only their protection keys, and no encryption_secret")
    func pastEpochsForgetRoots() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        let first = try groups[0].commit()
        let oldSecret = try #require(first.stagedCommit.newSecrets).encryptionSecret
        try groups[0].merge(first.stagedCommit)
        try GroupTestSupport.deliver(first.commit, to: &groups, except: 0)
        let early = try groups[0].encryptApplicationData(Array("early".utf8))
        let late = try groups[0].encryptApplicationData(Array("late".utf8))
        _ = try groups[1].process(early)

        let second = try groups[0].commit()
        try groups[0].merge(second.stagedCommit)
        try GroupTestSupport.deliver(second.commit, to: &groups, except: 0)
        #expect(groups[1].pastEpochs.count == 2)

        let state = groups[1].encoded()
        #expect(!occurs(oldSecret, in: state))
        var restored = try MLSGroup(encoded: state, configuration: GroupTestSupport.configuration())
        #expect(GroupTestSupport.code { _ = try restored.process(early) } == .ratchetGenerationConsumed)
        guard case .application(let received) = try restored.process(late) else {
            Issue.record("expected the late message")
            return
        }
        #expect(received.data == Array("late".utf8))
    }
}
