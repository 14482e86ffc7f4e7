import MLS
import Testing

/// One test per commit, message and join rule (RFC 9420 §6, §12.4, §12.4.3): the receiver
/// rejects the message with the rule's code, and its state is unchanged.
@Suite("Group negative: commits and messages")
struct GroupNegativeCommitTests {
    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    func threeMembers(configuration: MLSGroupConfiguration = GroupTestSupport.configuration()) throws -> [MLSGroup] {
        try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob", "carol"], configuration: configuration)
    }

    /// A real UpdatePath from Alice (an empty commit she never sends).
    func alicePath(_ groups: [MLSGroup]) throws -> UpdatePath {
        try #require(try commitBody(of: try groups[0].commit().commit).path)
    }

    @Test func pathRequired() throws {
        var groups = try threeMembers()
        let noPath = try groups[0].forgeCommit(Commit(proposals: [.proposal(.remove(RemoveProposal(removed: LeafIndex(2))))], path: nil))
        #expect(GroupTestSupport.code { _ = try groups[1].process(noPath) } == .commitMissingPath)
        let empty = try groups[0].forgeCommit(Commit(proposals: [], path: nil))
        #expect(GroupTestSupport.code { _ = try groups[1].process(empty) } == .commitMissingPath)
        let gce = try groups[0].forgeCommit(Commit(proposals: [.proposal(.groupContextExtensions(GroupContextExtensionsProposal(extensions: [])))], path: nil))
        #expect(GroupTestSupport.code { _ = try groups[1].process(gce) } == .commitMissingPath)
    }

    @Test func confirmationTagMismatch() throws {
        var groups = try threeMembers()
        let before = groups[1].epochAuthenticator
        let forged = try groups[0].forgeCommit(Commit(proposals: [], path: try alicePath(groups)))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .invalidConfirmationTag)
        #expect(groups[1].epochAuthenticator == before)
        #expect(groups[1].epoch == 1)
    }

    @Test func pathKeepsEncryptionKey() throws {
        var groups = try threeMembers()
        var path = try alicePath(groups)
        path.leafNode.encryptionKey = try #require(groups[0].currentLeaf).encryptionKey
        let forged = try groups[0].forgeCommit(Commit(proposals: [], path: path))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .commitPathReusesEncryptionKey)
    }

    @Test func pathLeafBadSignature() throws {
        var groups = try threeMembers()
        var path = try alicePath(groups)
        path.leafNode.signature[0] ^= 1
        let forged = try groups[0].forgeCommit(Commit(proposals: [], path: path))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .invalidLeafSignature)
    }

    @Test func pathLeafWrongSource() throws {
        var groups = try threeMembers()
        var path = try alicePath(groups)
        path.leafNode.source = .update
        let forged = try groups[0].forgeCommit(Commit(proposals: [], path: path))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .invalidLeafNodeSource)
    }

    @Test func pathKeyAlreadyInTree() throws {
        var groups = try threeMembers()
        var path = try alicePath(groups)
        let bobKey = try #require(groups[1].currentLeaf).encryptionKey
        path.nodes[0].encryptionKey = bobKey
        let forged = try groups[0].forgeCommit(Commit(proposals: [], path: path))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .duplicateEncryptionKey)
    }

    @Test func missingPSK() throws {
        var groups = try threeMembers()
        var store = PreSharedKeyStore()
        store.addExternalPSK(id: [1, 2], secret: SecretBytes([UInt8](repeating: 9, count: 32)))
        let id = PreSharedKeyID(psk: .external(pskID: [1, 2]), pskNonce: [UInt8](repeating: 3, count: 32))
        let output = try groups[0].commit([.preSharedKey(PreSharedKeyProposal(psk: id))], pskStore: store)
        #expect(GroupTestSupport.code { _ = try groups[1].process(output.commit) } == .pskNotFound)
        // With the PSK the same commit is accepted.
        guard case .commit(let staged) = try groups[1].process(output.commit, pskStore: store) else {
            Issue.record("expected a commit")
            return
        }
        #expect(staged.pskIDs == [id])
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.preSharedKey(PreSharedKeyProposal(psk: id))]) } == .pskNotFound)
    }

    @Test func ownCommitThroughProcess() throws {
        var groups = try threeMembers()
        let output = try groups[0].commit()
        #expect(GroupTestSupport.code { _ = try groups[0].process(output.commit) } == .commitFromSelf)
    }

    @Test func replayedCommitIsFromAnOldEpoch() throws {
        var groups = try threeMembers()
        let output = try groups[0].commit()
        try groups[0].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 0)
        #expect(GroupTestSupport.code { _ = try groups[1].process(output.commit) } == .wrongEpoch)
        // Staged commits of a finished epoch cannot be merged.
        let stale = try groups[1].commit()
        let other = try groups[2].commit()
        try groups[2].merge(other.stagedCommit)
        try GroupTestSupport.deliver(other.commit, to: &groups, except: 2)
        #expect(GroupTestSupport.code { try groups[1].merge(stale.stagedCommit) } == .wrongEpoch)
    }

    @Test func tamperedMembershipTag() throws {
        var groups = try threeMembers()
        let output = try groups[0].commit()
        guard case .publicMessage(var message) = output.commit.body, var tag = message.membershipTag else {
            Issue.record("expected a PublicMessage with a tag")
            return
        }
        tag[0] ^= 1
        message.membershipTag = tag
        let tampered = MLSMessage(version: .mls10, body: .publicMessage(message))
        #expect(GroupTestSupport.code { _ = try groups[1].process(tampered) } == .invalidMembershipTag)
    }

    @Test func wrongProtocolVersion() throws {
        var groups = try threeMembers()
        var message = try groups[0].commit().commit
        message.version = ProtocolVersion(rawValue: 2)
        #expect(GroupTestSupport.code { _ = try groups[1].process(message) } == .wrongProtocolVersion)
    }

    @Test func removedMemberCannotSend() throws {
        var groups = try threeMembers()
        let output = try groups[0].commit([.remove(RemoveProposal(removed: LeafIndex(2)))])
        guard case .commit(let staged) = try groups[2].process(output.commit) else {
            Issue.record("expected a commit")
            return
        }
        #expect(staged.removesSelf)
        #expect(staged.newEpochAuthenticator == nil)
        try groups[2].merge(staged)
        #expect(GroupTestSupport.code { _ = try groups[2].encryptApplicationData([1]) } == .groupInactive)
        #expect(GroupTestSupport.code { _ = try groups[2].commit() } == .groupInactive)
        // Carol no longer follows the group's handshakes, but still reads its late messages.
        var bobCopy = groups[1]
        let proposal = try bobCopy.propose(.remove(RemoveProposal(removed: LeafIndex(0))))
        #expect(GroupTestSupport.code { _ = try groups[2].process(proposal) } == .groupInactive)
        let late = try groups[1].encryptApplicationData([7])
        guard case .commit(let bobStaged) = try groups[1].process(output.commit) else {
            Issue.record("expected a commit")
            return
        }
        try groups[1].merge(bobStaged)
        guard case .application(let data) = try groups[2].process(late) else {
            Issue.record("expected application data")
            return
        }
        #expect(data.data == [7])

    }

    @Test func applicationDataWithPendingProposals() throws {
        var groups = try threeMembers()
        let proposal = try groups[0].propose(.remove(RemoveProposal(removed: LeafIndex(2))))
        _ = try groups[1].process(proposal)
        #expect(GroupTestSupport.code { _ = try groups[1].encryptApplicationData([1]) } == .pendingProposals)
        #expect(GroupTestSupport.code { _ = try groups[0].encryptApplicationData([1]) } == .pendingProposals)
    }

    @Test func lateMessageOutsideWindow() throws {
        var groups = try threeMembers(configuration: GroupTestSupport.configuration(pastEpochWindow: 1))
        let late = try groups[2].encryptApplicationData([1])
        for committer in [0, 1] {
            let output = try groups[committer].commit()
            try groups[committer].merge(output.stagedCommit)
            try GroupTestSupport.deliver(output.commit, to: &groups, except: committer)
        }
        #expect(GroupTestSupport.code { _ = try groups[0].process(late) } == .wrongEpoch)
    }
}
