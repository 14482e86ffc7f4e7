import MLS
import Testing

/// Join-side rules (RFC 9420 §12.4.3) and external senders (§12.1.8).
@Suite("Group negative: joins and external senders")
struct GroupNegativeJoinTests {
    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    @Test func welcomeWithoutTree() throws {
        let configuration = MLSGroupConfiguration(
            crypto: GroupTestSupport.crypto, clock: { GroupTestSupport.now }, includeRatchetTreeInWelcome: false
        )
        var alice = try MLSGroup.create(cipherSuite: Self.suite, signer: try GroupTestSupport.identity("alice", suite: Self.suite), configuration: configuration)
        let bob = try GroupTestSupport.keyPackage("bob", suite: Self.suite)
        let output = try alice.commit([.add(AddProposal(keyPackage: bob.keyPackage))])
        try alice.merge(output.stagedCommit)
        let welcome = try #require(output.welcome)
        #expect(GroupTestSupport.code { _ = try MLSGroup.join(welcome: welcome, keyPackages: [bob], configuration: configuration) } == .ratchetTreeMissing)
        // With the tree out of band the join works.
        let joined = try MLSGroup.join(welcome: welcome, keyPackages: [bob], ratchetTree: alice.ratchetTree, configuration: configuration)
        #expect(joined.epochAuthenticator == alice.epochAuthenticator)
    }

    @Test func welcomeForSomeoneElse() throws {
        var alice = try MLSGroup.create(cipherSuite: Self.suite, signer: try GroupTestSupport.identity("alice", suite: Self.suite), configuration: GroupTestSupport.configuration())
        let bob = try GroupTestSupport.keyPackage("bob", suite: Self.suite)
        let carol = try GroupTestSupport.keyPackage("carol", suite: Self.suite)
        let output = try alice.commit([.add(AddProposal(keyPackage: bob.keyPackage))])
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: try #require(output.welcome), keyPackages: [carol], configuration: GroupTestSupport.configuration())
        } == .welcomeNotForUs)
    }

    @Test func welcomeTreeWithExpiredLeaf() throws {
        let groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        var alice = groups[0]
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        let output = try alice.commit([.add(AddProposal(keyPackage: dave.keyPackage))])
        // Dave's clock is a year past the other members' leaf lifetimes.
        let late = GroupTestSupport.configuration(clock: GroupTestSupport.now + 365 * 86_400)
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: try #require(output.welcome), keyPackages: [dave], configuration: late)
        } == .leafNodeLifetimeExpired)
    }

    @Test func groupInfoWithoutExternalPub() throws {
        let groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        guard case .groupInfo(var info) = try groups[0].groupInfo().body else {
            Issue.record("expected a GroupInfo")
            return
        }
        let provider = try GroupTestSupport.provider(Self.suite)
        info = try GroupInfo.sign(
            groupContext: info.groupContext, extensions: info.extensions.filter { $0.extensionType != .externalPub },
            confirmationTag: info.confirmationTag, signer: info.signer,
            signaturePrivateKey: groups[0].signer.signaturePrivateKey, provider: provider
        )
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.joinByExternalCommit(
                groupInfo: MLSMessage(version: .mls10, body: .groupInfo(info)),
                signer: try GroupTestSupport.identity("erin", suite: Self.suite), configuration: GroupTestSupport.configuration()
            )
        } == .groupInfoMissingExternalPub)
    }

    @Test func groupInfoBadSignature() throws {
        let groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        guard case .groupInfo(var info) = try groups[0].groupInfo().body else {
            Issue.record("expected a GroupInfo")
            return
        }
        info.signature[0] ^= 1
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.joinByExternalCommit(
                groupInfo: MLSMessage(version: .mls10, body: .groupInfo(info)),
                signer: try GroupTestSupport.identity("erin", suite: Self.suite), configuration: GroupTestSupport.configuration()
            )
        } == .invalidGroupInfoSignature)
    }

    @Test func externalCommitRules() throws {
        var groups = try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob"])
        let erinIdentity = try GroupTestSupport.identity("erin", suite: Self.suite)
        let (_, commit) = try MLSGroup.joinByExternalCommit(
            groupInfo: try groups[0].groupInfo(), signer: erinIdentity, configuration: GroupTestSupport.configuration()
        )
        let valid = try commitBody(of: commit)
        // An Add in an external commit.
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        var withAdd = valid
        withAdd.proposals.append(.proposal(.add(AddProposal(keyPackage: dave.keyPackage))))
        let forgedAdd = try groups[0].forgeExternal(.commit(withAdd), sender: .newMemberCommit, signer: erinIdentity.signaturePrivateKey)
        #expect(GroupTestSupport.code { _ = try groups[1].process(forgedAdd) } == .proposalInvalidInExternalCommit)
        // No ExternalInit.
        var noInit = valid
        noInit.proposals = []
        let forgedNoInit = try groups[0].forgeExternal(.commit(noInit), sender: .newMemberCommit, signer: erinIdentity.signaturePrivateKey)
        #expect(GroupTestSupport.code { _ = try groups[1].process(forgedNoInit) } == .proposalInvalidExternalInit)
        // A proposal by reference.
        var byReference = valid
        byReference.proposals.append(.reference([UInt8](repeating: 0, count: 32)))
        let forgedReference = try groups[0].forgeExternal(.commit(byReference), sender: .newMemberCommit, signer: erinIdentity.signaturePrivateKey)
        #expect(GroupTestSupport.code { _ = try groups[1].process(forgedReference) } != nil)
        // The real one is accepted by both members.
        try GroupTestSupport.deliver(commit, to: &groups, except: -1)
        GroupTestSupport.expectInSync(groups)
    }

    @Test func externalSenders() throws {
        let suite = Self.suite
        let provider = try GroupTestSupport.provider(suite)
        let service = try provider.generateSignatureKeyPair()
        let senders = ExternalSendersExtension(senders: [
            ExternalSender(signatureKey: service.publicKey, credential: .basic(identity: Array("service".utf8))),
        ])
        var alice = try MLSGroup.create(
            cipherSuite: suite, signer: try GroupTestSupport.identity("alice", suite: suite),
            extensions: [Extension(extensionType: .externalSenders, extensionData: senders.mlsEncoded)],
            configuration: GroupTestSupport.configuration()
        )
        let bob = try GroupTestSupport.keyPackage("bob", suite: suite)
        let add = try alice.commit([.add(AddProposal(keyPackage: bob.keyPackage))])
        try alice.merge(add.stagedCommit)
        var bobGroup = try MLSGroup.join(welcome: try #require(add.welcome), keyPackages: [bob], configuration: GroupTestSupport.configuration())

        // The service may propose removing Bob; Alice commits it by reference.
        let remove = try alice.forgeExternal(.proposal(.remove(RemoveProposal(removed: LeafIndex(1)))), sender: .external(0), signer: service.privateKey)
        guard case .proposal(let received) = try alice.process(remove) else {
            Issue.record("expected a proposal")
            return
        }
        #expect(received.sender == .external(0))
        _ = try bobGroup.process(remove)
        let commit = try alice.commit()
        #expect(commit.stagedCommit.removedMembers.map(\.leafIndex) == [LeafIndex(1)])
        guard case .commit(let staged) = try bobGroup.process(commit.commit) else {
            Issue.record("expected a commit")
            return
        }
        #expect(staged.removesSelf)

        // An Update from an external sender is malformed (§12.1.8).
        let leaf = try #require(alice.currentLeaf)
        let update = try alice.forgeExternal(.proposal(.update(UpdateProposal(leafNode: leaf))), sender: .external(0), signer: service.privateKey)
        #expect(GroupTestSupport.code { _ = try alice.process(update) } == .proposalTypeNotAllowedForExternalSender)
        // An index not in external_senders.
        let unknown = try alice.forgeExternal(.proposal(.remove(RemoveProposal(removed: LeafIndex(1)))), sender: .external(3), signer: service.privateKey)
        #expect(GroupTestSupport.code { _ = try alice.process(unknown) } == .unknownExternalSender)
        // A key that is not the listed one.
        let other = try provider.generateSignatureKeyPair()
        let impostor = try alice.forgeExternal(.proposal(.remove(RemoveProposal(removed: LeafIndex(1)))), sender: .external(0), signer: other.privateKey)
        #expect(GroupTestSupport.code { _ = try alice.process(impostor) } == .invalidSignature)
    }

    @Test func unsupportedSuite() throws {
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.create(
                cipherSuite: .mls256DHKEMX448AES256GCMSHA512Ed448,
                signer: try GroupTestSupport.identity("alice", suite: Self.suite), configuration: GroupTestSupport.configuration()
            )
        } == .unsupportedCipherSuite)
    }
}
