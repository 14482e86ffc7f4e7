import MLS
import Testing

@Suite("Group re-initialisation")
struct GroupReInitTests {
    @Test("ReInit commit, new group with a reinit PSK, members join it")
    func reInit() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        let target = CipherSuite.mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519
        var groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob", "carol"])
        let reInit = ReInitProposal(groupID: Array("new group".utf8), version: .mls10, cipherSuite: target, extensions: [])
        let output = try groups[0].commit([.reInit(reInit)])
        #expect(output.stagedCommit.reInit == reInit)
        try groups[0].merge(output.stagedCommit)
        try GroupTestSupport.deliver(output.commit, to: &groups, except: 0)
        for group in groups { #expect(group.pendingReInit == reInit) }
        #expect(GroupTestSupport.code { _ = try groups[1].encryptApplicationData([1]) } == .groupInactive)

        // Bob and Carol publish KeyPackages in the new suite; Alice builds the new group.
        let bob = try GroupTestSupport.keyPackage("bob", suite: target)
        let carol = try GroupTestSupport.keyPackage("carol", suite: target)
        let aliceSigner = try GroupTestSupport.identity("alice", suite: target)
        let (newAlice, commit) = try groups[0].reinitialize(keyPackages: [bob.keyPackage, carol.keyPackage], signer: aliceSigner)
        let welcome = try #require(commit.welcome)
        #expect(newAlice.epoch == 1)
        #expect(newAlice.cipherSuite == target)

        // Without the old group the reinit PSK is unknown.
        #expect(GroupTestSupport.code {
            _ = try MLSGroup.join(welcome: welcome, keyPackages: [bob], configuration: GroupTestSupport.configuration())
        } == .pskNotFound)
        let newBob = try MLSGroup.join(welcome: welcome, keyPackages: [bob], reinitializing: groups[1], configuration: GroupTestSupport.configuration())
        let newCarol = try MLSGroup.join(welcome: welcome, keyPackages: [carol], reinitializing: groups[2], configuration: GroupTestSupport.configuration())
        GroupTestSupport.expectInSync([newAlice, newBob, newCarol])
        #expect(newBob.groupID == Array("new group".utf8))
    }

    @Test("a ReInit must be alone and the old group must be waiting for it")
    func reInitRules() throws {
        let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519
        let groups = try GroupTestSupport.makeGroup(suite: suite, members: ["bob"])
        #expect(GroupTestSupport.code { _ = try groups[0].reinitialize(keyPackages: []) } == .groupInactive)
        // A reinit PSK outside a re-initialisation is invalid (§12.1.4).
        let id = PreSharedKeyID(psk: .resumption(usage: .reinit, pskGroupID: groups[0].groupID, pskEpoch: 1), pskNonce: [UInt8](repeating: 0, count: 32))
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.preSharedKey(PreSharedKeyProposal(psk: id))]) } == .proposalInvalidPSK)
    }
}
