import MLS
import Testing

@Suite("Group KeyPackages")
struct GroupKeyPackageTests {
    @Test("created KeyPackages validate and can be added", arguments: GroupTestSupport.suites)
    func createAndValidate(suite: CipherSuite) throws {
        let provider = try GroupTestSupport.provider(suite)
        let bundle = try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: try GroupTestSupport.identity("dave", suite: suite),
            lifetime: Lifetime(notBefore: GroupTestSupport.now - 60, notAfter: GroupTestSupport.now + 86_400),
            lastResort: true, crypto: GroupTestSupport.crypto
        )
        #expect(bundle.isLastResort)
        try bundle.keyPackage.validate(now: GroupTestSupport.now, maxLifetime: 2 * 86_400, provider: provider)
        #expect(bundle.keyPackage.initKey != bundle.keyPackage.leafNode.encryptionKey)
        #expect(try provider.kemPublicKey(privateKey: bundle.initPrivateKey) == bundle.keyPackage.initKey)
        #expect(try provider.kemPublicKey(privateKey: bundle.encryptionPrivateKey) == bundle.keyPackage.leafNode.encryptionKey)
        #expect(bundle.keyPackage.leafNode.capabilities.cipherSuites.contains(suite))
        // Outside its lifetime it is refused.
        #expect(GroupTestSupport.code {
            try bundle.keyPackage.validate(now: GroupTestSupport.now + 2 * 86_400, provider: provider)
        } == .leafNodeLifetimeExpired)
        #expect(GroupTestSupport.code {
            try bundle.keyPackage.validate(now: GroupTestSupport.now - 3600, provider: provider)
        } == .leafNodeLifetimeExpired)

        var alice = try MLSGroup.create(cipherSuite: suite, signer: try GroupTestSupport.identity("alice", suite: suite), configuration: GroupTestSupport.configuration())
        let output = try alice.commit([.add(AddProposal(keyPackage: bundle.keyPackage))])
        try alice.merge(output.stagedCommit)
        let dave = try MLSGroup.join(welcome: try #require(output.welcome), keyPackages: [bundle], configuration: GroupTestSupport.configuration())
        #expect(dave.epochAuthenticator == alice.epochAuthenticator)
        #expect(dave.ownLeafIndex == LeafIndex(1))
    }

    @Test("a KeyPackage of another suite is refused")
    func wrongSuite() throws {
        let bundle = try GroupTestSupport.keyPackage("dave", suite: .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519)
        let provider = try GroupTestSupport.provider(.mls128DHKEMX25519AES128GCMSHA256Ed25519)
        #expect(GroupTestSupport.code { try bundle.keyPackage.validate(now: GroupTestSupport.now, provider: provider) } == .keyPackageCipherSuiteMismatch)
        let alice = try MLSGroup.create(
            cipherSuite: .mls128DHKEMX25519AES128GCMSHA256Ed25519,
            signer: try GroupTestSupport.identity("alice", suite: .mls128DHKEMX25519AES128GCMSHA256Ed25519),
            configuration: GroupTestSupport.configuration()
        )
        #expect(GroupTestSupport.code { _ = try alice.commit([.add(AddProposal(keyPackage: bundle.keyPackage))]) } == .keyPackageCipherSuiteMismatch)
    }
}
