import MLS
import Testing

@Suite("Group lifecycle")
struct GroupLifecycleTests {
    @Test("create, add by Welcome, exchange application messages", arguments: GroupTestSupport.suites)
    func createAddAndTalk(suite: CipherSuite) throws {
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        GroupTestSupport.expectInSync(groups)
        #expect(groups[0].epoch == 1)
        #expect(groups[0].members.count == 3)
        let message = try groups[1].encryptApplicationData(Array("hello".utf8), authenticatedData: [1, 2])
        for i in [0, 2] {
            guard case .application(let received) = try groups[i].process(message) else {
                Issue.record("expected application data")
                return
            }
            #expect(received.data == Array("hello".utf8))
            #expect(received.authenticatedData == [1, 2])
            #expect(received.sender == groups[1].ownLeafIndex)
        }
    }

    @Test("update by commit path, remove, and a late message from the past epoch", arguments: [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519])
    func updateRemoveAndLateMessage(suite: CipherSuite) throws {
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        let late = try groups[2].encryptApplicationData(Array("late".utf8))

        // Bob commits with a path only (empty commit).
        let empty = try groups[1].commit()
        #expect(empty.stagedCommit.hasPath)
        try groups[1].merge(empty.stagedCommit)
        try GroupTestSupport.deliver(empty.commit, to: &groups, except: 1)
        GroupTestSupport.expectInSync(groups)

        // The message of epoch 1 still decrypts in epoch 2.
        guard case .application(let received) = try groups[0].process(late) else {
            Issue.record("expected application data")
            return
        }
        #expect(received.data == Array("late".utf8))
        #expect(received.epoch == 1)

        // Alice removes Carol.
        let removal = try groups[0].commit([.remove(RemoveProposal(removed: groups[2].ownLeafIndex))])
        try groups[0].merge(removal.stagedCommit)
        guard case .commit(let staged) = try groups[2].process(removal.commit) else {
            Issue.record("expected a commit")
            return
        }
        #expect(staged.removesSelf)
        try groups[2].merge(staged)
        #expect(!groups[2].isActive)
        guard case .commit(let bobStaged) = try groups[1].process(removal.commit) else {
            Issue.record("expected a commit")
            return
        }
        #expect(bobStaged.removedMembers.map(\.leafIndex) == [LeafIndex(2)])
        try groups[1].merge(bobStaged)
        GroupTestSupport.expectInSync(Array(groups[0...1]))
        #expect(groups[0].members.count == 2)
    }

    @Test("proposals by reference, update proposal, external join", arguments: [CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519])
    func proposalsByReferenceAndExternalJoin(suite: CipherSuite) throws {
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        let update = try groups[1].proposeUpdate()
        guard case .proposal = try groups[0].process(update) else {
            Issue.record("expected a proposal")
            return
        }
        let dave = try GroupTestSupport.keyPackage("dave", suite: suite)
        let add = try groups[1].propose(.add(AddProposal(keyPackage: dave.keyPackage)))
        guard case .proposal = try groups[0].process(add) else {
            Issue.record("expected a proposal")
            return
        }
        let output = try groups[0].commit()
        #expect(output.stagedCommit.updatedMembers.count == 1)
        #expect(output.stagedCommit.addedMembers.count == 1)
        try groups[0].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 0)
        groups.append(try MLSGroup.join(
            welcome: try #require(output.welcome), keyPackages: [dave], configuration: GroupTestSupport.configuration()
        ))
        GroupTestSupport.expectInSync(groups)

        // Erin joins by external commit from the GroupInfo of the epoch.
        let (erin, commit) = try MLSGroup.joinByExternalCommit(
            groupInfo: try groups[0].groupInfo(), signer: try GroupTestSupport.identity("erin", suite: suite),
            configuration: GroupTestSupport.configuration()
        )
        try GroupTestSupport.deliver(commit, to: &groups, except: -1)
        groups.append(erin)
        GroupTestSupport.expectInSync(groups)
        #expect(groups[0].members.count == 4)
    }
}
