import MLS
import Testing

/// KeyPackage signing and the group-independent checks of RFC 9420 §10.1, for every suite.
@Suite struct WireKeyPackageTests {
    static let suites = SwiftCryptoProvider().supportedSuites

    /// A correctly signed KeyPackage for `provider`'s suite, and its signature private key.
    static func make(_ provider: any CipherSuiteProvider) throws -> (KeyPackage, SecretBytes) {
        let signatureKeys = try provider.generateSignatureKeyPair()
        let encryptionKeys = try provider.generateKEMKeyPair()
        let initKeys = try provider.generateKEMKeyPair()
        var leaf = LeafNode(
            encryptionKey: encryptionKeys.publicKey, signatureKey: signatureKeys.publicKey,
            credential: .basic(identity: Array("device-1".utf8)),
            capabilities: Capabilities(cipherSuites: [provider.suite]),
            source: .keyPackage(Lifetime(notBefore: 0, notAfter: .max)), extensions: [], signature: [])
        leaf.signature = try provider.signWithLabel(
            privateKey: signatureKeys.privateKey, label: LeafNode.signatureLabel,
            content: leaf.toBeSigned(groupID: nil, leafIndex: nil))
        var keyPackage = KeyPackage(
            cipherSuite: provider.suite, initKey: initKeys.publicKey, leafNode: leaf, extensions: [], signature: [])
        try keyPackage.sign(signaturePrivateKey: signatureKeys.privateKey, provider: provider)
        return (keyPackage, signatureKeys.privateKey)
    }

    static func code(_ body: () throws(MLSError) -> Void) -> MLSError.Code? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: suites)
    func validKeyPackagePassesAndSurvivesEncoding(_ suite: CipherSuite) throws {
        let provider = try SwiftCryptoProvider().provider(for: suite)
        let (keyPackage, _) = try Self.make(provider)
        #expect(Self.code { () throws(MLSError) in try keyPackage.validate(provider: provider) } == nil)
        let decoded = try MLSMessage(mlsEncoded: MLSMessage(body: .keyPackage(keyPackage)).mlsEncoded)
        guard case .keyPackage(let again) = decoded.body else {
            Issue.record("not a key package")
            return
        }
        #expect(Self.code { () throws(MLSError) in try again.validate(provider: provider) } == nil)
        #expect(again.reference(provider) == keyPackage.reference(provider))
        #expect(again.reference(provider).count == provider.hashLength)
    }

    @Test(arguments: suites)
    func eachRuleIsEnforced(_ suite: CipherSuite) throws {
        let provider = try SwiftCryptoProvider().provider(for: suite)
        let (valid, signingKey) = try Self.make(provider)

        var kp = valid
        kp.version = ProtocolVersion(rawValue: 2)
        try kp.sign(signaturePrivateKey: signingKey, provider: provider)
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .unsupportedProtocolVersion)

        let other = Self.suites.first { $0 != suite } ?? CipherSuite(rawValue: 0xfffe)
        kp = valid
        kp.cipherSuite = other
        try kp.sign(signaturePrivateKey: signingKey, provider: provider)
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .keyPackageCipherSuiteMismatch)

        kp = valid
        kp.leafNode.source = .update
        try kp.sign(signaturePrivateKey: signingKey, provider: provider)
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .invalidLeafNodeSource)

        // Changing the leaf without re-signing it breaks the leaf signature.
        kp = valid
        kp.leafNode.credential = .basic(identity: Array("device-2".utf8))
        try kp.sign(signaturePrivateKey: signingKey, provider: provider)
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .invalidLeafSignature)

        // Changing a KeyPackageTBS field without re-signing breaks the KeyPackage signature.
        kp = valid
        kp.extensions = [Extension(extensionType: ExtensionType(rawValue: 0x0a0a), extensionData: [])]
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .invalidKeyPackageSignature)
        kp = valid
        kp.signature[kp.signature.count / 2] ^= 1
        #expect(Self.code { () throws(MLSError) in try kp.verifySignature(provider: provider) } == .invalidKeyPackageSignature)

        kp = valid
        kp.initKey = kp.leafNode.encryptionKey
        try kp.sign(signaturePrivateKey: signingKey, provider: provider)
        #expect(Self.code { () throws(MLSError) in try kp.validate(provider: provider) } == .keyPackageInitKeyReused)
    }
}
