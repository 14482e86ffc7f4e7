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

    @Test("exporter secrets agree; resync by external commit replaces the old leaf")
    func exporterAndResync() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        let exported = try groups.map { try $0.exportSecret(label: "cove test", context: [1, 2, 3], length: 32) }
        #expect(Set(exported).count == 1)
        #expect(try groups[0].exportSecret(label: "other", context: [1, 2, 3], length: 32) != exported[0])
        #expect(GroupTestSupport.code { _ = try groups[0].exportSecret(label: "x", context: [], length: 70_000) } == .invalidExporterLength)

        // Bob lost his state: he rejoins with the same identity and removes his old leaf.
        let (bob, commit) = try MLSGroup.joinByExternalCommit(
            groupInfo: try groups[0].groupInfo(), signer: groups[1].signer, resyncRemoving: groups[1].ownLeafIndex,
            configuration: GroupTestSupport.configuration()
        )
        var others = [groups[0], groups[2]]
        try GroupTestSupport.deliver(commit, to: &others, except: -1)
        others.append(bob)
        GroupTestSupport.expectInSync(others)
        #expect(others[0].members.count == 3)
        #expect(bob.ownLeafIndex == LeafIndex(1))
        // Resync may only remove our own old leaf.
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.joinByExternalCommit(
                groupInfo: try others[0].groupInfo(), signer: try GroupTestSupport.identity("mallory", suite: suite),
                resyncRemoving: LeafIndex(0), configuration: GroupTestSupport.configuration()
            )
        } == .proposalInvalidInExternalCommit)
    }

    @Test("a new member proposes its own Add; a member commits it by reference")
    func newMemberProposal() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        let dave = try GroupTestSupport.keyPackage("dave", suite: suite)
        let provider = try GroupTestSupport.provider(suite)
        let content = FramedContent(
            groupID: groups[0].groupID, epoch: groups[0].epoch, sender: .newMemberProposal, authenticatedData: [],
            body: .proposal(.add(AddProposal(keyPackage: dave.keyPackage)))
        )
        let signed = try AuthenticatedContent.sign(
            content: content, wireFormat: .publicMessage, context: groups[0].groupContext,
            signaturePrivateKey: dave.signingIdentity.signaturePrivateKey, provider: provider
        )
        let message = MLSMessage(version: .mls10, body: .publicMessage(
            try PublicMessage.protect(signed, context: groups[0].groupContext, membershipKey: nil, provider: provider)
        ))
        for i in groups.indices {
            guard case .proposal(let received) = try groups[i].process(message) else {
                Issue.record("expected a proposal")
                return
            }
            #expect(received.sender == .newMemberProposal)
        }
        let output = try groups[1].commit()
        #expect(output.stagedCommit.addedMembers.map(\.credential) == [dave.keyPackage.leafNode.credential])
        try groups[1].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 1)
        groups.append(try MLSGroup.join(welcome: try #require(output.welcome), keyPackages: [dave], configuration: GroupTestSupport.configuration()))
        GroupTestSupport.expectInSync(groups)
    }

    @Test("a commit leaves out received proposals that became invalid")
    func skipsInvalidPendingProposals() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        // Bob proposes adding Dave with a KeyPackage that expires before Alice commits.
        let dave = try GroupTestSupport.keyPackage(
            "dave", suite: suite, lifetime: Lifetime(notBefore: GroupTestSupport.now - 100, notAfter: GroupTestSupport.now + 10)
        )
        var bob = groups[1]
        let add = try bob.propose(.add(AddProposal(keyPackage: dave.keyPackage)))
        let remove = try bob.propose(.remove(RemoveProposal(removed: LeafIndex(2))))
        var alice = try MLSGroup(encoded: groups[0].encoded(), configuration: GroupTestSupport.configuration(clock: GroupTestSupport.now + 3600))
        _ = try alice.process(add)
        _ = try alice.process(remove)
        let output = try alice.commit()
        #expect(output.stagedCommit.addedMembers.isEmpty)
        #expect(output.stagedCommit.removedMembers.map(\.leafIndex) == [LeafIndex(2)])
        _ = groups.removeLast()
    }

    @Test("a resumption PSK of an earlier epoch is found in the group's own history")
    func resumptionPSKFromHistory() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        let empty = try groups[1].commit()
        try groups[1].merge(empty.stagedCommit)
        try GroupTestSupport.deliver(empty.commit, to: &groups, except: 1)
        #expect(groups[0].resumptionPSK(epoch: 1) != nil)
        let id = PreSharedKeyID(
            psk: .resumption(usage: .application, pskGroupID: groups[0].groupID, pskEpoch: 1),
            pskNonce: [UInt8](repeating: 4, count: 32)
        )
        let output = try groups[0].commit([.preSharedKey(PreSharedKeyProposal(psk: id))])
        try groups[0].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 0)
        GroupTestSupport.expectInSync(groups)
        #expect(output.stagedCommit.pskIDs == [id])
    }
}
