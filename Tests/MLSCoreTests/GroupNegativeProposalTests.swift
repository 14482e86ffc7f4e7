import MLS
import Testing

/// One test per proposal-list rule (RFC 9420 §12.1, §12.2): a commit breaking it, signed and
/// MACed by a real member, is rejected by the receiver with the rule's code; the creating
/// side refuses to build it with the same code.
@Suite("Group negative: proposals")
struct GroupNegativeProposalTests {
    static let suite = CipherSuite.mls128DHKEMX25519AES128GCMSHA256Ed25519

    /// Alice (leaf 0), Bob (leaf 1), Carol (leaf 2) in epoch 1.
    func threeMembers() throws -> [MLSGroup] {
        try GroupTestSupport.makeGroup(suite: Self.suite, members: ["bob", "carol"])
    }

    /// Bob receives a commit from Alice with `proposals` (by value) and no path unless given.
    func rejection(_ proposals: [Proposal], path: UpdatePath? = nil, groups: [MLSGroup]? = nil) throws -> MLSError.Code? {
        var groups = try groups ?? threeMembers()
        let forged = try groups[0].forgeCommit(Commit(proposals: proposals.map { .proposal($0) }, path: path))
        return GroupTestSupport.code { _ = try groups[1].process(forged) }
    }

    func psk(_ id: [UInt8], nonceLength: Int = 32) -> PreSharedKeyID {
        PreSharedKeyID(psk: .external(pskID: id), pskNonce: [UInt8](repeating: 7, count: nonceLength))
    }

    @Test func updateByCommitter() throws {
        let groups = try threeMembers()
        let leaf = try #require(groups[0].currentLeaf)
        #expect(try rejection([.update(UpdateProposal(leafNode: leaf))], groups: groups) == .proposalUpdateByCommitter)
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.update(UpdateProposal(leafNode: leaf))]) } == .proposalUpdateByCommitter)
    }

    @Test func removeOfCommitter() throws {
        #expect(try rejection([.remove(RemoveProposal(removed: LeafIndex(0)))]) == .proposalRemovesCommitter)
        let groups = try threeMembers()
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.remove(RemoveProposal(removed: LeafIndex(0)))]) } == .proposalRemovesCommitter)
    }

    @Test func twoChangesOfOneLeaf() throws {
        let remove = Proposal.remove(RemoveProposal(removed: LeafIndex(2)))
        #expect(try rejection([remove, remove]) == .proposalDuplicateLeafChange)
    }

    @Test func removeOfBlankLeaf() throws {
        #expect(try rejection([.remove(RemoveProposal(removed: LeafIndex(7)))]) == .proposalRemoveBlankLeaf)
        let groups = try threeMembers()
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.remove(RemoveProposal(removed: LeafIndex(3)))]) } == .proposalRemoveBlankLeaf)
    }

    @Test func duplicateAdds() throws {
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        let add = Proposal.add(AddProposal(keyPackage: dave.keyPackage))
        #expect(try rejection([add, add]) == .proposalDuplicateAdd)
        let groups = try threeMembers()
        #expect(GroupTestSupport.code { _ = try groups[0].commit([add, add]) } == .proposalDuplicateAdd)
    }

    @Test func addOfExistingMember() throws {
        // A second KeyPackage of Bob (same signature key) while Bob is in the group.
        let groups = try threeMembers()
        let bob = groups[1].signer
        let again = try KeyPackageBundle.create(
            cipherSuite: Self.suite, signingIdentity: bob,
            lifetime: Lifetime(notBefore: GroupTestSupport.now - 10, notAfter: GroupTestSupport.now + 10),
            crypto: GroupTestSupport.crypto
        )
        #expect(try rejection([.add(AddProposal(keyPackage: again.keyPackage))], groups: groups) == .proposalDuplicateAdd)
    }

    @Test func duplicatePSK() throws {
        let proposal = Proposal.preSharedKey(PreSharedKeyProposal(psk: psk([1])))
        #expect(try rejection([proposal, proposal]) == .proposalDuplicatePSK)
    }

    @Test func pskNonceLength() throws {
        #expect(try rejection([.preSharedKey(PreSharedKeyProposal(psk: psk([1], nonceLength: 5)))]) == .proposalInvalidPSK)
    }

    @Test func resumptionPSKWithReInitUsage() throws {
        let id = PreSharedKeyID(psk: .resumption(usage: .reinit, pskGroupID: [1], pskEpoch: 0), pskNonce: [UInt8](repeating: 0, count: 32))
        #expect(try rejection([.preSharedKey(PreSharedKeyProposal(psk: id))]) == .proposalInvalidPSK)
    }

    @Test func twoGroupContextExtensions() throws {
        let gce = Proposal.groupContextExtensions(GroupContextExtensionsProposal(extensions: []))
        #expect(try rejection([gce, gce]) == .proposalMultipleGroupContextExtensions)
    }

    @Test func groupContextExtensionsUnsupportedByMembers() throws {
        let required = RequiredCapabilitiesExtension(extensionTypes: [ExtensionType(rawValue: 0xff00)], proposalTypes: [], credentialTypes: [])
        let gce = Proposal.groupContextExtensions(GroupContextExtensionsProposal(extensions: [
            Extension(extensionType: .requiredCapabilities, extensionData: required.mlsEncoded),
        ]))
        #expect(try rejection([gce]) == .proposalUnsupportedGroupContextExtensions)
        // An unknown, non-default extension in the GroupContext that members do not list.
        let unknown = Proposal.groupContextExtensions(GroupContextExtensionsProposal(extensions: [
            Extension(extensionType: ExtensionType(rawValue: 0xff01), extensionData: []),
        ]))
        #expect(try rejection([unknown]) == .proposalUnsupportedGroupContextExtensions)
    }

    @Test func reInitWithOtherProposals() throws {
        let reInit = Proposal.reInit(ReInitProposal(groupID: [9], version: .mls10, cipherSuite: Self.suite, extensions: []))
        #expect(try rejection([reInit, .remove(RemoveProposal(removed: LeafIndex(2)))]) == .proposalReInitNotAlone)
    }

    @Test func reInitToOlderVersion() throws {
        let reInit = Proposal.reInit(ReInitProposal(groupID: [9], version: ProtocolVersion(rawValue: 0), cipherSuite: Self.suite, extensions: []))
        #expect(try rejection([reInit]) == .proposalReInitVersionDowngrade)
    }

    @Test func externalInitInRegularCommit() throws {
        #expect(try rejection([.externalInit(ExternalInitProposal(kemOutput: [1, 2, 3]))]) == .proposalInvalidExternalInit)
        let groups = try threeMembers()
        #expect(GroupTestSupport.code { _ = try groups[0].commit([.externalInit(ExternalInitProposal(kemOutput: [1]))]) } == .proposalInvalidExternalInit)
    }

    @Test func unknownProposalReference() throws {
        var groups = try threeMembers()
        let forged = try groups[0].forgeCommit(Commit(proposals: [.reference([UInt8](repeating: 1, count: 32))], path: nil))
        #expect(GroupTestSupport.code { _ = try groups[1].process(forged) } == .proposalUnknownReference)
    }

    @Test func addWithExpiredKeyPackage() throws {
        let expired = try GroupTestSupport.keyPackage(
            "dave", suite: Self.suite, lifetime: Lifetime(notBefore: 1_000, notAfter: GroupTestSupport.now - 1)
        )
        let add = Proposal.add(AddProposal(keyPackage: expired.keyPackage))
        #expect(try rejection([add]) == .leafNodeLifetimeExpired)
        let groups = try threeMembers()
        #expect(GroupTestSupport.code { _ = try groups[0].commit([add]) } == .leafNodeLifetimeExpired)
        // Not yet valid either.
        let future = try GroupTestSupport.keyPackage(
            "erin", suite: Self.suite, lifetime: Lifetime(notBefore: GroupTestSupport.now + 100, notAfter: GroupTestSupport.now + 200)
        )
        #expect(try rejection([.add(AddProposal(keyPackage: future.keyPackage))]) == .leafNodeLifetimeExpired)
    }

    @Test func addWithOverlongLifetime() throws {
        // The default configuration accepts at most 400 days; this KeyPackage claims ~10 years.
        let long = try GroupTestSupport.keyPackage(
            "dave", suite: Self.suite, lifetime: Lifetime(notBefore: GroupTestSupport.now - 10, notAfter: GroupTestSupport.now + 3650 * 86_400)
        )
        let add = Proposal.add(AddProposal(keyPackage: long.keyPackage))
        #expect(try rejection([add]) == .leafNodeLifetimeTooLong)
        #expect(GroupTestSupport.code {
            try long.keyPackage.validate(now: GroupTestSupport.now, maxLifetime: 400 * 86_400, provider: try GroupTestSupport.provider(Self.suite))
        } == .leafNodeLifetimeTooLong)
    }

    @Test func addWithBadKeyPackageSignature() throws {
        var keyPackage = try GroupTestSupport.keyPackage("dave", suite: Self.suite).keyPackage
        keyPackage.signature[0] ^= 1
        #expect(try rejection([.add(AddProposal(keyPackage: keyPackage))]) == .invalidKeyPackageSignature)
    }

    @Test func addWithEmptyIdentity() throws {
        let keyPackage = try GroupTestSupport.keyPackage("", suite: Self.suite).keyPackage
        #expect(try rejection([.add(AddProposal(keyPackage: keyPackage))]) == .invalidCredential)
    }

    @Test func addMissingRequiredCapability() throws {
        let suite = Self.suite
        let required = RequiredCapabilitiesExtension(extensionTypes: [ExtensionType(rawValue: 0xff00)], proposalTypes: [], credentialTypes: [])
        var caps = Capabilities(versions: [.mls10], cipherSuites: [suite], extensions: [ExtensionType(rawValue: 0xff00)], proposals: [], credentials: [.basic])
        var alice = try MLSGroup.create(
            cipherSuite: suite, signer: try GroupTestSupport.identity("alice", suite: suite), capabilities: caps,
            extensions: [Extension(extensionType: .requiredCapabilities, extensionData: required.mlsEncoded)],
            configuration: GroupTestSupport.configuration()
        )
        caps.extensions = []
        let dave = try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: try GroupTestSupport.identity("dave", suite: suite),
            lifetime: Lifetime(notBefore: 0, notAfter: .max), capabilities: caps, crypto: GroupTestSupport.crypto
        )
        #expect(GroupTestSupport.code { _ = try alice.commit([.add(AddProposal(keyPackage: dave.keyPackage))]) } == .leafNodeMissingRequiredCapability)
        _ = try alice.groupInfo()
    }

    @Test func addWithUnsupportedCredentialType() throws {
        let suite = Self.suite
        let basicOnly = Capabilities(versions: [.mls10], cipherSuites: [suite], extensions: [], proposals: [], credentials: [.basic])
        let alice = try MLSGroup.create(
            cipherSuite: suite, signer: try GroupTestSupport.identity("alice", suite: suite), capabilities: basicOnly,
            configuration: GroupTestSupport.configuration()
        )
        let x509 = try SigningIdentity.generate(credential: .x509(certificates: [[0x30, 0x00]]), provider: try GroupTestSupport.provider(suite))
        let dave = try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: x509, lifetime: Lifetime(notBefore: 0, notAfter: .max), crypto: GroupTestSupport.crypto
        )
        #expect(GroupTestSupport.code { _ = try alice.commit([.add(AddProposal(keyPackage: dave.keyPackage))]) } == .unsupportedCredentialType)
    }

    @Test func addNotSupportingGroupExtension() throws {
        // The GroupContext carries a non-default extension; a KeyPackage that does not list it
        // cannot be added (§13).
        var alice = try MLSGroup.create(
            cipherSuite: Self.suite, signer: try GroupTestSupport.identity("alice", suite: Self.suite),
            extensions: [Extension(extensionType: ExtensionType(rawValue: 0xff07), extensionData: [1])],
            configuration: GroupTestSupport.configuration()
        )
        let dave = try GroupTestSupport.keyPackage("dave", suite: Self.suite)
        #expect(GroupTestSupport.code { _ = try alice.commit([.add(AddProposal(keyPackage: dave.keyPackage))]) } == .leafNodeMissingRequiredCapability)
        _ = try alice.groupInfo()
    }
}
