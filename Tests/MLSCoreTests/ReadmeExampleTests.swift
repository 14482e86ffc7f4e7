import MLS
import Foundation
import Testing

/// The README's quick start, compiled and run: if this test changes, change the README too.
@Suite struct ReadmeExampleTests {
    @Test("two members: create, add by Welcome, exchange a message, remove")
    func quickStart() throws {
        let crypto = SwiftCryptoProvider()
        let suite = CipherSuite.mls128XWingAES128GCMSHA256Ed25519
        let config = MLSGroupConfiguration(crypto: crypto, clock: { UInt64(Date().timeIntervalSince1970) })
        let provider = try crypto.provider(for: suite)

        // Each device has a signing identity; Bob publishes a KeyPackage.
        let alice = try SigningIdentity.generate(credential: .basic(identity: Array("alice".utf8)), provider: provider)
        let bob = try SigningIdentity.generate(credential: .basic(identity: Array("bob".utf8)), provider: provider)
        let now = config.clock()
        let bobKeyPackage = try KeyPackageBundle.create(
            cipherSuite: suite, signingIdentity: bob,
            lifetime: Lifetime(notBefore: now, notAfter: now + 30 * 24 * 3600), crypto: crypto
        )

        // Alice creates a group and adds Bob: a commit for the group, a Welcome for Bob.
        var aliceGroup = try MLSGroup.create(cipherSuite: suite, signer: alice, configuration: config)
        let add = try aliceGroup.commit([.add(AddProposal(keyPackage: bobKeyPackage.keyPackage))])
        try aliceGroup.merge(add.stagedCommit)
        let welcome = try #require(add.welcome)
        var bobGroup = try MLSGroup.join(welcome: welcome, keyPackages: [bobKeyPackage], configuration: config)
        #expect(bobGroup.epochAuthenticator == aliceGroup.epochAuthenticator)

        // Application messages are PrivateMessages.
        let sealed = try aliceGroup.encryptApplicationData(Array("hello, Bob".utf8))
        guard case .application(let message) = try bobGroup.process(sealed) else {
            Issue.record("expected an application message")
            return
        }
        #expect(String(decoding: message.data, as: UTF8.self) == "hello, Bob")

        // Handshake messages are staged, inspected, then merged.
        let remove = try aliceGroup.commit([.remove(RemoveProposal(removed: bobGroup.ownLeafIndex))])
        guard case .commit(let staged) = try bobGroup.process(remove.commit) else {
            Issue.record("expected a commit")
            return
        }
        #expect(staged.removesSelf)
        try aliceGroup.merge(remove.stagedCommit)
        #expect(aliceGroup.members.count == 1)
    }
}
