import Foundation
import MLS
import MLSTestSupport
import Testing

/// Welcome processing and creation (RFC 9420 §12.4.3.1), starting from the KeyPackages and
/// Welcomes of welcome.json, with every rejection rule and its exact code.
@Suite struct FramingWelcomeTests {
    struct Case: Sendable, CustomStringConvertible {
        let suite: CipherSuite
        let keyPackage: KeyPackage
        let initPrivateKey: SecretBytes
        let welcome: Welcome
        let signerPublicKey: [UInt8]
        var description: String { "suite \(suite.rawValue)" }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/vectors/mls/welcome.json")
        guard let data = try? Data(contentsOf: url),
              let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { return [] }
        return list.map(VectorEntry.init).compactMap { entry in
            guard let raw = try? entry.int("cipher_suite"),
                  FramingFixture.suites.contains(CipherSuite(rawValue: UInt16(raw))),
                  let kpMessage = try? MLSMessage(mlsEncoded: entry.hex("key_package")),
                  case .keyPackage(let keyPackage) = kpMessage.body,
                  let welcomeMessage = try? MLSMessage(mlsEncoded: entry.hex("welcome")),
                  case .welcome(let welcome) = welcomeMessage.body,
                  let initPriv = try? entry.hex("init_priv"), let signer = try? entry.hex("signer_pub") else { return nil }
            return Case(
                suite: CipherSuite(rawValue: UInt16(raw)), keyPackage: keyPackage, initPrivateKey: SecretBytes(initPriv),
                welcome: welcome, signerPublicKey: signer
            )
        }
    }()

    func provider(_ c: Case) throws -> any CipherSuiteProvider { try SwiftCryptoProvider().provider(for: c.suite) }

    @Test("the vector file provides one Welcome per supported suite")
    func casesLoaded() {
        #expect(Set(Self.cases.map(\.suite)) == Set(FramingFixture.suites))
    }

    @Test("a Welcome not addressed to our KeyPackage is rejected", arguments: cases)
    func notForUs(c: Case) throws {
        let p = try provider(c)
        let others = Welcome(
            cipherSuite: c.welcome.cipherSuite,
            secrets: c.welcome.secrets.filter { $0.newMember != c.keyPackage.reference(p) },
            encryptedGroupInfo: c.welcome.encryptedGroupInfo
        )
        expectMLSError(.welcomeNotForUs) { try others.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p) }
    }

    @Test("a Welcome of another cipher suite is rejected", arguments: cases)
    func suiteMismatch(c: Case) throws {
        let p = try provider(c)
        let other = CipherSuite(rawValue: c.suite.rawValue == 1 ? 3 : 1)
        let relabelled = Welcome(cipherSuite: other, secrets: c.welcome.secrets, encryptedGroupInfo: c.welcome.encryptedGroupInfo)
        expectMLSError(.welcomeCipherSuiteMismatch) { try relabelled.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p) }
    }

    @Test("the wrong init key, or a modified encrypted_group_info, fails the GroupSecrets", arguments: cases)
    func groupSecretsDecryption(c: Case) throws {
        let p = try provider(c)
        let wrongKey = try p.generateKEMKeyPair().privateKey
        expectMLSError(.groupSecretsDecryptionFailed) { try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: wrongKey, provider: p) }
        // encrypted_group_info is the HPKE context of the GroupSecrets: changing it breaks them.
        var info = c.welcome.encryptedGroupInfo
        info[info.count / 2] ^= 0x04
        let tampered = Welcome(cipherSuite: c.welcome.cipherSuite, secrets: c.welcome.secrets, encryptedGroupInfo: info)
        expectMLSError(.groupSecretsDecryptionFailed) { try tampered.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p) }
    }

    @Test("the wrong joiner or PSK secret fails the GroupInfo", arguments: cases)
    func groupInfoDecryption(c: Case) throws {
        let p = try provider(c)
        let secrets = try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        _ = try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, provider: p)
        expectMLSError(.groupInfoDecryptionFailed) {
            try c.welcome.decryptGroupInfo(joinerSecret: p.randomBytes(p.hashLength), provider: p)
        }
        expectMLSError(.groupInfoDecryptionFailed) {
            try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, pskSecret: p.randomBytes(p.hashLength), provider: p)
        }
        expectMLSError(.invalidSecretLength) {
            try c.welcome.decryptGroupInfo(joinerSecret: SecretBytes([1, 2, 3]), provider: p)
        }
    }

    @Test("a GroupInfo signed by another key is rejected", arguments: cases)
    func groupInfoSignature(c: Case) throws {
        let p = try provider(c)
        let secrets = try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        let info = try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, provider: p)
        try info.verifySignature(publicKey: c.signerPublicKey, provider: p)
        let otherKey = try p.generateSignatureKeyPair()
        expectMLSError(.invalidGroupInfoSignature) { try info.verifySignature(publicKey: otherKey.publicKey, provider: p) }
        // Any change to a signed field breaks the signature.
        var moved = info
        moved.signer = LeafIndex(info.signer.rawValue + 1)
        expectMLSError(.invalidGroupInfoSignature) { try moved.verifySignature(publicKey: c.signerPublicKey, provider: p) }
    }

    @Test("a committer's Welcome opens for the joiner; a wrong confirmation tag is caught", arguments: cases)
    func createAndJoin(c: Case) throws {
        let p = try provider(c)
        let secrets = try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        let original = try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, provider: p)
        let signer = try p.generateSignatureKeyPair()
        let pskSecret = p.randomBytes(p.hashLength)
        let pathSecret = p.randomBytes(p.hashLength)
        let psk = PreSharedKeyID(psk: .external(pskID: [7, 7]), pskNonce: p.randomBytes(p.hashLength).exposedBytes)

        // The same group, re-signed by our own key with the tag the new PSK secret implies.
        let confirmationKey = try KeySchedule(provider: p)
            .join(joinerSecret: secrets.joinerSecret, pskSecret: pskSecret, groupContext: original.groupContext.mlsEncoded)
            .epochSecrets.confirmationKey
        let tag = p.mac(key: confirmationKey, data: original.groupContext.confirmedTranscriptHash)
        let info = try GroupInfo.sign(
            groupContext: original.groupContext, extensions: original.extensions, confirmationTag: tag,
            signer: original.signer, signaturePrivateKey: signer.privateKey, provider: p
        )
        let welcome = try Welcome.create(
            groupInfo: info, joinerSecret: secrets.joinerSecret, pskSecret: pskSecret, psks: [psk],
            newMembers: [.init(keyPackage: c.keyPackage, pathSecret: pathSecret)], provider: p
        )
        let opened = try welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        #expect(opened.joinerSecret == secrets.joinerSecret)
        #expect(opened.pathSecret?.pathSecret == pathSecret)
        #expect(opened.psks == [psk])
        expectMLSError(.groupInfoDecryptionFailed) { try welcome.decryptGroupInfo(joinerSecret: opened.joinerSecret, provider: p) }
        let openedInfo = try welcome.decryptGroupInfo(joinerSecret: opened.joinerSecret, pskSecret: pskSecret, provider: p)
        #expect(openedInfo == info)
        try openedInfo.verifySignature(publicKey: signer.publicKey, provider: p)
        try openedInfo.verifyConfirmationTag(joinerSecret: opened.joinerSecret, pskSecret: pskSecret, provider: p)

        // The original tag does not fit the epoch with the PSK.
        let wrongTag = try GroupInfo.sign(
            groupContext: original.groupContext, extensions: original.extensions, confirmationTag: original.confirmationTag,
            signer: original.signer, signaturePrivateKey: signer.privateKey, provider: p
        )
        expectMLSError(.invalidConfirmationTag) {
            try wrongTag.verifyConfirmationTag(joinerSecret: opened.joinerSecret, pskSecret: pskSecret, provider: p)
        }
        expectMLSError(.invalidConfirmationTag) {
            try wrongTag.verifyConfirmationTag(confirmationKey: confirmationKey, provider: p)
        }
    }

    @Test("a Welcome is only created for KeyPackages of the group's suite", arguments: cases)
    func createSuiteMismatch(c: Case) throws {
        let p = try provider(c)
        let otherSuite = try SwiftCryptoProvider().provider(for: CipherSuite(rawValue: c.suite.rawValue == 1 ? 3 : 1))
        let secrets = try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        let info = try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, provider: p)
        expectMLSError(.welcomeCipherSuiteMismatch) {
            try Welcome.create(
                groupInfo: info, joinerSecret: secrets.joinerSecret, psks: [],
                newMembers: [.init(keyPackage: c.keyPackage, pathSecret: nil)], provider: otherSuite
            )
        }
    }

    @Test("GroupSecrets with two reinit/branch resumption PSKs are rejected", arguments: cases)
    func reinitBranchPSKs(c: Case) throws {
        let p = try provider(c)
        let secrets = try c.welcome.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p)
        let info = try c.welcome.decryptGroupInfo(joinerSecret: secrets.joinerSecret, provider: p)
        func psk(_ usage: ResumptionPSKUsage) -> PreSharedKeyID {
            PreSharedKeyID(psk: .resumption(usage: usage, pskGroupID: [1], pskEpoch: 3), pskNonce: p.randomBytes(p.hashLength).exposedBytes)
        }
        func welcome(_ psks: [PreSharedKeyID]) throws -> Welcome {
            try Welcome.create(
                groupInfo: info, joinerSecret: secrets.joinerSecret, psks: psks,
                newMembers: [.init(keyPackage: c.keyPackage, pathSecret: nil)], provider: p
            )
        }
        let one = try welcome([psk(.reinit), psk(.application), psk(.application)])
        #expect(try one.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p).psks.count == 3)
        let two = try welcome([psk(.reinit), psk(.branch)])
        expectMLSError(.multipleReInitOrBranchPSKs) { try two.decryptGroupSecrets(keyPackage: c.keyPackage, initPrivateKey: c.initPrivateKey, provider: p) }
    }
}
