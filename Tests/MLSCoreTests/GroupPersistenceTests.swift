import MLS
import Testing

@Suite("Group persistence")
struct GroupPersistenceTests {
    @Test("encoded state restores and keeps working", arguments: [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls256DHKEMP384AES256GCMSHA384P384])
    func roundTrip(suite: CipherSuite) throws {
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        let before = try groups[1].encryptApplicationData(Array("one".utf8))
        _ = try groups[0].process(before)
        // A late message of epoch 1, read after the restore in epoch 2.
        let late = try groups[2].encryptApplicationData(Array("late".utf8))
        let commit = try groups[1].commit()
        try groups[1].merge(commit.stagedCommit)
        try GroupTestSupport.deliver(commit.commit, to: &groups, except: 1)

        let configuration = GroupTestSupport.configuration()
        let state = groups[0].encoded()
        #expect(state.first == 2)
        var restored = try MLSGroup(encoded: state, configuration: configuration)
        #expect(restored.epochAuthenticator == groups[0].epochAuthenticator)
        #expect(restored.encoded() == state)

        guard case .application(let old) = try restored.process(late) else {
            Issue.record("expected the late message")
            return
        }
        #expect(old.data == Array("late".utf8))

        // Sending continues after the restore and the others read it.
        let message = try restored.encryptApplicationData(Array("after".utf8))
        guard case .application(let received) = try groups[2].process(message) else {
            Issue.record("expected application data")
            return
        }
        #expect(received.data == Array("after".utf8))

        // A replayed message of the restored epoch is rejected (its generation was consumed).
        let fresh = try groups[1].encryptApplicationData(Array("x".utf8))
        _ = try restored.process(fresh)
        var again = try MLSGroup(encoded: restored.encoded(), configuration: configuration)
        #expect(throws: (any Error).self) { try again.process(fresh) }

        // The restored group follows the next commit.
        let next = try groups[2].commit()
        guard case .commit(let staged) = try restored.process(next.commit) else {
            Issue.record("expected a commit")
            return
        }
        try restored.merge(staged)
        #expect(restored.epochAuthenticator == next.stagedCommit.newEpochAuthenticator)
    }

    @Test("unknown format versions and malformed states are rejected")
    func rejectsBadStates() throws {
        let groups = try GroupTestSupport.makeGroup(suite: .mls128DHKEMX25519AES128GCMSHA256Ed25519, members: ["bob"])
        var state = groups[0].encoded()
        let configuration = GroupTestSupport.configuration()
        // Version 1 (unreleased, stored secret-tree roots) and unknown versions are refused.
        for version: UInt8 in [0, 1, 3] {
            var wrongVersion = state
            wrongVersion[0] = version
            #expect(GroupTestSupport.code { _ = try MLSGroup(encoded: wrongVersion, configuration: configuration) } == .unsupportedGroupStateVersion)
        }
        #expect(GroupTestSupport.code { _ = try MLSGroup(encoded: Array(state.dropLast()), configuration: configuration) } == .invalidGroupState)
        state.append(0)
        #expect(GroupTestSupport.code { _ = try MLSGroup(encoded: state, configuration: configuration) } == .invalidGroupState)
        #expect(GroupTestSupport.code { _ = try MLSGroup(encoded: [], configuration: configuration) } == .invalidGroupState)
    }
}
