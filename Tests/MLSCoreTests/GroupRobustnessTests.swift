import MLS
import Testing

/// Corrupted handshake and application messages are rejected with an error (never a trap)
/// and leave the group unchanged (RFC 9420 §12.4.2: state changes only after every check).
@Suite("Group robustness")
struct GroupRobustnessTests {
    @Test("bit flips in a commit are rejected and leave the state untouched", arguments: [UInt64(7), 8])
    func corruptedCommits(seed: UInt64) throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var rng = SeededRandom(seed: seed)
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        let dave = try GroupTestSupport.keyPackage("dave", suite: suite)
        let output = try groups[0].commit([
            .add(AddProposal(keyPackage: dave.keyPackage)), .remove(RemoveProposal(removed: LeafIndex(2))),
        ])
        let bytes = output.commit.mlsEncoded
        let before = groups[1].encoded()
        var rejected = 0
        for _ in 0..<60 {
            var corrupted = bytes
            let flips = Int.random(in: 1...3, using: &rng)
            for _ in 0..<flips {
                let position = Int.random(in: 0..<corrupted.count, using: &rng)
                corrupted[position] ^= UInt8.random(in: 1...255, using: &rng)
            }
            guard let message = try? MLSMessage(mlsEncoded: corrupted) else { continue }
            var copy = groups[1]
            do {
                _ = try copy.process(message)
                Issue.record("a corrupted commit was accepted")
            } catch {
                rejected += 1
                #expect(copy.encoded() == before)
            }
        }
        #expect(rejected > 0)
        // The genuine commit still applies.
        guard case .commit(let staged) = try groups[1].process(output.commit) else {
            Issue.record("expected a commit")
            return
        }
        try groups[1].merge(staged)
        try groups[0].merge(output.stagedCommit)
        GroupTestSupport.expectInSync([groups[0], groups[1]])
    }

    @Test("corrupted application messages are rejected; the genuine one still decrypts")
    func corruptedApplicationMessages() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var rng = SeededRandom(seed: 99)
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        let message = try groups[0].encryptApplicationData(Array("secret".utf8))
        let bytes = message.mlsEncoded
        for _ in 0..<60 {
            var corrupted = bytes
            let position = Int.random(in: 0..<corrupted.count, using: &rng)
            corrupted[position] ^= UInt8.random(in: 1...255, using: &rng)
            guard let decoded = try? MLSMessage(mlsEncoded: corrupted) else { continue }
            var copy = groups[1]
            #expect(throws: (any Error).self) { _ = try copy.process(decoded) }
        }
        guard case .application(let received) = try groups[1].process(message) else {
            Issue.record("expected application data")
            return
        }
        #expect(received.data == Array("secret".utf8))
    }
}
