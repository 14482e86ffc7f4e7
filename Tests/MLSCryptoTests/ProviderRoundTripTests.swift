import MLSCrypto
import MLSSwiftCrypto
import Testing

/// Round trips through every primitive of every supported suite.
@Suite struct ProviderRoundTripTests {
    static let crypto = SwiftCryptoProvider()
    static let suites = SwiftCryptoProvider().supportedSuites

    @Test("supportedSuites lists suites 1, 2, 3, 5, 7 and X-Wing")
    func supportedSuites() throws {
        #expect(Self.crypto.supportedSuites.map(\.rawValue) == [1, 2, 3, 5, 7, 0xF001])
        for suite in Self.suites { #expect(try Self.crypto.provider(for: suite).suite == suite) }
    }

    @Test("suites 4, 6 and unknown suites are unsupported", arguments: [UInt16(4), 6, 8, 0xF002])
    func unsupported(raw: UInt16) {
        #expect(throws: CryptoError(.unsupportedCipherSuite, CipherSuite(rawValue: raw).description)) {
            _ = try Self.crypto.provider(for: CipherSuite(rawValue: raw))
        }
    }

    @Test("AEAD seal/open round trip", arguments: suites)
    func aead(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let key = p.randomBytes(p.parameters.aeadKeyLength)
        let nonce = p.randomBytes(p.parameters.aeadNonceLength).exposedBytes
        let ct = try p.seal(key: key, nonce: nonce, aad: [1, 2], plaintext: Array("hello".utf8))
        #expect(ct.count == 5 + 16)
        #expect(try p.open(key: key, nonce: nonce, aad: [1, 2], ciphertext: ct) == Array("hello".utf8))
    }

    @Test("signature round trip", arguments: suites)
    func signatures(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateSignatureKeyPair()
        #expect(try p.signaturePublicKey(privateKey: pair.privateKey) == pair.publicKey)
        let sig = try p.sign([1, 2, 3], privateKey: pair.privateKey)
        #expect(p.verify(sig, message: [1, 2, 3], publicKey: pair.publicKey))
        #expect(!p.verify(sig, message: [1, 2, 4], publicKey: pair.publicKey))
    }

    @Test("HPKE seal/open and export round trip", arguments: suites)
    func hpke(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateKEMKeyPair()
        #expect(try p.kemPublicKey(privateKey: pair.privateKey) == pair.publicKey)
        let ct = try p.hpkeSeal(publicKey: pair.publicKey, info: [9], aad: [8], plaintext: [7, 7, 7])
        #expect(try p.hpkeOpen(ct, privateKey: pair.privateKey, info: [9], aad: [8]) == [7, 7, 7])
        let (kemOutput, secret) = try p.hpkeExportSender(publicKey: pair.publicKey, info: [1], exporterContext: [2], length: 32)
        let received = try p.hpkeExportReceiver(kemOutput: kemOutput, privateKey: pair.privateKey, info: [1], exporterContext: [2], length: 32)
        #expect(secret == received)
        let other = try p.hpkeExportReceiver(kemOutput: kemOutput, privateKey: pair.privateKey, info: [1], exporterContext: [3], length: 32)
        #expect(secret != other)
    }

    @Test("DeriveKeyPair is deterministic and matches kemPublicKey", arguments: suites)
    func deriveKeyPair(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let a = try p.deriveKEMKeyPair(ikm: SecretBytes([1, 2, 3]))
        let b = try p.deriveKEMKeyPair(ikm: SecretBytes([1, 2, 3]))
        let c = try p.deriveKEMKeyPair(ikm: SecretBytes([1, 2, 4]))
        #expect(a == b)
        #expect(a.publicKey != c.publicKey)
        #expect(try p.kemPublicKey(privateKey: a.privateKey) == a.publicKey)
    }
}
