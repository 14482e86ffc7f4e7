import MLSCrypto
@testable import MLSSwiftCrypto
import MLSTestSupport
import Testing

/// Every validation rule of the provider, broken on purpose: the right `CryptoError` code, or
/// `false` from `verify`, and never a trap.
@Suite struct NegativeTests {
    static let crypto = SwiftCryptoProvider()
    static let suites = SwiftCryptoProvider().supportedSuites
    static let ecdsaSuites: [CipherSuite] = [.mls128DHKEMP256AES128GCMSHA256P256, .mls256DHKEMP384AES256GCMSHA384P384, .mls256DHKEMP521AES256GCMSHA512P521]

    // MARK: KDF

    @Test("HKDF-Expand: 255 * Nh is the limit; one byte more is invalidLength", arguments: suites)
    func expandLimit(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let prk = p.randomBytes(p.hashLength)
        #expect(try p.expand(prk: prk, info: [], length: 255 * p.hashLength).count == 255 * p.hashLength)
        expectCryptoError(.invalidLength) { try p.expand(prk: prk, info: [], length: 255 * p.hashLength + 1) }
        expectCryptoError(.invalidLength) { try p.expand(prk: prk, info: [], length: -1) }
        expectCryptoError(.invalidLength) { try p.expandWithLabel(prk, label: "x", context: [], length: 70000) }
        let pair = try p.generateKEMKeyPair()
        expectCryptoError(.invalidLength) {
            try p.hpkeExportSender(publicKey: pair.publicKey, info: [], exporterContext: [], length: 255 * p.hashLength + 1)
        }
    }

    @Test("HKDF matches RFC 5869 test case 1 (SHA-256)")
    func rfc5869() throws {
        let p = try Self.crypto.provider(for: .mls128DHKEMX25519AES128GCMSHA256Ed25519)
        let prk = p.extract(salt: try hex("000102030405060708090a0b0c"), ikm: SecretBytes([UInt8](repeating: 0x0b, count: 22)))
        #expect(prk == SecretBytes(try hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5")))
        let okm = try p.expand(prk: prk, info: try hex("f0f1f2f3f4f5f6f7f8f9"), length: 42)
        #expect(okm == SecretBytes(try hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")))
    }

    @Test("empty keys and secrets are legal HMAC/HKDF inputs (values from Python's hmac)")
    func emptyInputs() throws {
        let p256 = try Self.crypto.provider(for: .mls128DHKEMX25519AES128GCMSHA256Ed25519)
        #expect(try p256.expand(prk: SecretBytes([]), info: Array("x".utf8), length: 40)
            == SecretBytes(try hex("ee2a9c0f86d1baecb6aee41ec7cc4b390f0fb6200c5901c817b81f2b0910a4509df27cd4a84e9909")))
        #expect(try p256.expand(prk: SecretBytes([]), info: [], length: 0).isEmpty)
        let p384 = try Self.crypto.provider(for: .mls256DHKEMP384AES256GCMSHA384P384)
        #expect(p384.mac(key: SecretBytes([]), data: Array("data".utf8))
            == (try hex("99a3e582616cf02ec24dcf355fbb9e1ccab67178be629bc52be71a9b5984faf5a9ebb48e0a195f788cc5a3c72e343412")))
        let p521 = try Self.crypto.provider(for: .mls256DHKEMP521AES256GCMSHA512P521)
        // Extract with an empty salt is HMAC keyed with Nh zero bytes, which equals the empty key.
        #expect(p521.extract(salt: [], ikm: SecretBytes([]))
            == SecretBytes(try hex("b936cee86c9f87aa5d3c6f2e84cb5a4239a5fe50480a6ec66b70ab5b1f4ac6730c6c515421b327ec1d69402e53dfb49ad7381eb067b338fd7b0cb22247225d47")))
    }

    // MARK: AEAD

    @Test("AEAD: modified tag, ciphertext, AAD, nonce or key is decryptionFailed", arguments: suites)
    func aeadTampering(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let key = p.randomBytes(p.parameters.aeadKeyLength)
        let nonce = [UInt8](repeating: 7, count: 12)
        let ct = try p.seal(key: key, nonce: nonce, aad: [1], plaintext: [1, 2, 3, 4])
        var badTag = ct; badTag[badTag.count - 1] ^= 0x80
        var badBody = ct; badBody[0] ^= 0x01
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: nonce, aad: [1], ciphertext: badTag) }
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: nonce, aad: [1], ciphertext: badBody) }
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: nonce, aad: [2], ciphertext: ct) }
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: [UInt8](repeating: 8, count: 12), aad: [1], ciphertext: ct) }
        expectCryptoError(.decryptionFailed) { try p.open(key: p.randomBytes(p.parameters.aeadKeyLength), nonce: nonce, aad: [1], ciphertext: ct) }
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: nonce, aad: [1], ciphertext: Array(ct.prefix(15))) }
        expectCryptoError(.decryptionFailed) { try p.open(key: key, nonce: nonce, aad: [1], ciphertext: []) }
    }

    @Test("AEAD: wrong key length is invalidKey, wrong nonce length is invalidLength", arguments: suites)
    func aeadLengths(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let nk = p.parameters.aeadKeyLength
        for badLength in [0, nk - 1, nk + 1, nk == 16 ? 32 : 16] {
            expectCryptoError(.invalidKey) { try p.seal(key: SecretBytes(zeros: badLength), nonce: [UInt8](repeating: 0, count: 12), aad: [], plaintext: []) }
            expectCryptoError(.invalidKey) { try p.open(key: SecretBytes(zeros: badLength), nonce: [UInt8](repeating: 0, count: 12), aad: [], ciphertext: [UInt8](repeating: 0, count: 16)) }
        }
        for badNonce in [0, 11, 13, 24] {
            expectCryptoError(.invalidLength) { try p.seal(key: SecretBytes(zeros: nk), nonce: [UInt8](repeating: 0, count: badNonce), aad: [], plaintext: []) }
            expectCryptoError(.invalidLength) { try p.open(key: SecretBytes(zeros: nk), nonce: [UInt8](repeating: 0, count: badNonce), aad: [], ciphertext: [UInt8](repeating: 0, count: 16)) }
        }
    }

    // MARK: Signatures

    @Test("verify is false for malformed or mismatched signatures and keys", arguments: suites)
    func malformedSignatures(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateSignatureKeyPair()
        let other = try p.generateSignatureKeyPair()
        let message: [UInt8] = [1, 2, 3]
        let sig = try p.sign(message, privateKey: pair.privateKey)
        #expect(p.verify(sig, message: message, publicKey: pair.publicKey))
        var flipped = sig; flipped[flipped.count / 2] ^= 0x01
        let candidates: [[UInt8]] = [[], [0], Array(sig.dropLast()), sig + [0], flipped, [UInt8](repeating: 0, count: sig.count),
                                     [UInt8](repeating: 0xff, count: 64), [0x30, 0x00]]
        for bad in candidates { #expect(!p.verify(bad, message: message, publicKey: pair.publicKey)) }
        #expect(!p.verify(sig, message: message, publicKey: other.publicKey))
        #expect(!p.verify(sig, message: message, publicKey: []))
        #expect(!p.verify(sig, message: message, publicKey: Array(pair.publicKey.dropLast())))
        #expect(!p.verify(sig, message: message, publicKey: pair.publicKey + [0]))
        #expect(!p.verify(sig, message: message, publicKey: [UInt8](repeating: 0, count: pair.publicKey.count)))
    }

    @Test("ECDSA: off-curve and compressed public keys do not verify", arguments: ecdsaSuites)
    func ecdsaInvalidPoints(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateSignatureKeyPair()
        let sig = try p.sign([9], privateKey: pair.privateKey)
        var offCurve = pair.publicKey; offCurve[offCurve.count - 1] ^= 0x01
        #expect(!p.verify(sig, message: [9], publicKey: offCurve))
        let coordinate = (pair.publicKey.count - 1) / 2
        let compressed = [UInt8(2 + (pair.publicKey[pair.publicKey.count - 1] & 1))] + pair.publicKey[1...coordinate]
        #expect(!p.verify(sig, message: [9], publicKey: compressed))
        var hybridPrefix = pair.publicKey; hybridPrefix[0] = 0x06
        #expect(!p.verify(sig, message: [9], publicKey: hybridPrefix))
    }

    @Test("signing with a malformed private key is invalidKey", arguments: suites)
    func badSigningKey(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let length = try p.generateSignatureKeyPair().privateKey.count
        expectCryptoError(.invalidKey) { try p.sign([1], privateKey: SecretBytes(zeros: length - 1)) }
        expectCryptoError(.invalidKey) { try p.sign([1], privateKey: SecretBytes(zeros: length + 1)) }
        expectCryptoError(.invalidKey) { try p.signaturePublicKey(privateKey: SecretBytes([])) }
        if suite.parameters?.signatureScheme != 0x0807 {
            // The zero scalar and the all-ones scalar (>= n) are not ECDSA private keys.
            expectCryptoError(.invalidKey) { try p.sign([1], privateKey: SecretBytes(zeros: length)) }
            expectCryptoError(.invalidKey) { try p.sign([1], privateKey: SecretBytes([UInt8](repeating: 0xff, count: length))) }
        }
    }

    // MARK: HPKE / KEM

    @Test("HPKE: truncated or modified kem_output and ciphertext are decryptionFailed", arguments: suites)
    func hpkeTampering(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateKEMKeyPair()
        let sealed = try p.hpkeSeal(publicKey: pair.publicKey, info: [1], aad: [2], plaintext: [3, 4, 5])
        var shortEnc = sealed; shortEnc.kemOutput.removeLast()
        var noEnc = sealed; noEnc.kemOutput = []
        var shortCT = sealed; shortCT.ciphertext.removeLast()
        var tagOnly = sealed; tagOnly.ciphertext = Array(sealed.ciphertext.suffix(16))
        var emptyCT = sealed; emptyCT.ciphertext = []
        var flippedCT = sealed; flippedCT.ciphertext[0] ^= 1
        for bad in [shortEnc, noEnc, shortCT, tagOnly, emptyCT, flippedCT] {
            expectCryptoError(.decryptionFailed) { try p.hpkeOpen(bad, privateKey: pair.privateKey, info: [1], aad: [2]) }
        }
        expectCryptoError(.decryptionFailed) { try p.hpkeOpen(sealed, privateKey: pair.privateKey, info: [9], aad: [2]) }
        expectCryptoError(.decryptionFailed) { try p.hpkeOpen(sealed, privateKey: pair.privateKey, info: [1], aad: [9]) }
        expectCryptoError(.decryptionFailed) { try p.hpkeOpen(sealed, privateKey: try p.generateKEMKeyPair().privateKey, info: [1], aad: [2]) }
        expectCryptoError(.decryptionFailed) {
            try p.hpkeExportReceiver(kemOutput: shortEnc.kemOutput, privateKey: pair.privateKey, info: [], exporterContext: [], length: 32)
        }
    }

    @Test("HPKE: sealing to a malformed public key is invalidKey", arguments: suites)
    func hpkeBadRecipientKey(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pk = try p.generateKEMKeyPair().publicKey
        for bad in [[], Array(pk.dropLast()), pk + [0]] {
            expectCryptoError(.invalidKey) { try p.hpkeSeal(publicKey: bad, info: [], aad: [], plaintext: []) }
        }
    }

    @Test("DHKEM(NIST): off-curve, compressed, identity and wrong-prefix points are rejected", arguments: ecdsaSuites)
    func nistInvalidPoints(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let pair = try p.generateKEMKeyPair()
        var offCurve = pair.publicKey; offCurve[offCurve.count - 1] ^= 0x01
        let coordinate = (pair.publicKey.count - 1) / 2
        let compressedPadded = [UInt8(2)] + pair.publicKey[1...coordinate] + [UInt8](repeating: 0, count: coordinate)
        var zeroPoint = [UInt8](repeating: 0, count: pair.publicKey.count); zeroPoint[0] = 0x04
        var badPrefix = pair.publicKey; badPrefix[0] = 0x06
        for bad in [offCurve, compressedPadded, zeroPoint, badPrefix] {
            expectCryptoError(.invalidKey) { try p.hpkeSeal(publicKey: bad, info: [], aad: [], plaintext: []) }
            let sealed = try p.hpkeSeal(publicKey: pair.publicKey, info: [], aad: [], plaintext: [1])
            expectCryptoError(.decryptionFailed) {
                try p.hpkeOpen(HPKECiphertext(kemOutput: bad, ciphertext: sealed.ciphertext), privateKey: pair.privateKey, info: [], aad: [])
            }
        }
    }

    @Test("DHKEM(NIST): private scalars 0 and >= n are invalidKey, n - 1 is valid", arguments: ecdsaSuites)
    func nistScalarRange(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let kemID = try #require(suite.parameters).kemID
        let kem = try #require(KEMAlgorithm(id: kemID))
        let order: [UInt8] = switch kem {
        case .p256: try hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        case .p384: try hex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973")
        default: try hex("01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409")
        }
        #expect(order.count == kem.privateKeyLength)
        var orderMinusOne = order; orderMinusOne[orderMinusOne.count - 1] -= 1
        var orderPlusOne = order; orderPlusOne[orderPlusOne.count - 1] += 1
        #expect(try p.kemPublicKey(privateKey: SecretBytes(orderMinusOne)).count == kem.publicKeyLength)
        #expect(try p.kemPublicKey(privateKey: SecretBytes([UInt8](repeating: 0, count: order.count - 1) + [1])).count == kem.publicKeyLength)
        for bad in [order, orderPlusOne, [UInt8](repeating: 0, count: order.count), [UInt8](repeating: 0xff, count: order.count)] {
            expectCryptoError(.invalidKey) { try p.kemPublicKey(privateKey: SecretBytes(bad)) }
            let pk = try p.generateKEMKeyPair().publicKey
            let sealed = try p.hpkeSeal(publicKey: pk, info: [], aad: [], plaintext: [])
            expectCryptoError(.invalidKey) { try p.hpkeOpen(sealed, privateKey: SecretBytes(bad), info: [], aad: []) }
        }
        expectCryptoError(.invalidKey) { try p.kemPublicKey(privateKey: SecretBytes(order.dropFirst())) }
    }

    /// Points of small order on Curve25519 (and their non-canonical encodings): X25519 with any
    /// of them is all zero, which RFC 9180 §7.1.4 requires to be rejected.
    static let x25519SmallOrder: [String] = [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ]

    @Test("DHKEM(X25519): small-order public keys and enc values are rejected", arguments: x25519SmallOrder)
    func x25519SmallOrderPoints(point: String) throws {
        let p = try Self.crypto.provider(for: .mls128DHKEMX25519AES128GCMSHA256Ed25519)
        let bad = try hex(point)
        expectCryptoError(.invalidKey) { try p.hpkeSeal(publicKey: bad, info: [], aad: [], plaintext: []) }
        let pair = try p.generateKEMKeyPair()
        let sealed = try p.hpkeSeal(publicKey: pair.publicKey, info: [], aad: [], plaintext: [1])
        expectCryptoError(.decryptionFailed) {
            try p.hpkeOpen(HPKECiphertext(kemOutput: bad, ciphertext: sealed.ciphertext), privateKey: pair.privateKey, info: [], aad: [])
        }
    }

    @Test("KEM private keys of the wrong length are invalidKey", arguments: suites)
    func kemPrivateKeyLength(suite: CipherSuite) throws {
        let p = try Self.crypto.provider(for: suite)
        let sk = try p.generateKEMKeyPair().privateKey
        expectCryptoError(.invalidKey) { try p.kemPublicKey(privateKey: SecretBytes(sk.exposedBytes.dropLast())) }
        expectCryptoError(.invalidKey) { try p.kemPublicKey(privateKey: SecretBytes(sk.exposedBytes + [0])) }
    }

    @Test("ML-KEM-768 modulus check: coefficient q - 1 passes, q fails (both nibble positions)")
    func mlkemModulusBoundary() {
        var pk = [UInt8](repeating: 0, count: 1216)
        #expect(KEMAlgorithm.passesMLKEMModulusCheck(pk))
        // First coefficient = 3328 = 0xd00: byte0 = 0x00, low nibble of byte1 = 0xd.
        pk[0] = 0x00; pk[1] = 0x0d
        #expect(KEMAlgorithm.passesMLKEMModulusCheck(pk))
        pk[0] = 0x01  // 3329
        #expect(!KEMAlgorithm.passesMLKEMModulusCheck(pk))
        // Second coefficient (bytes 1150, 1151 of the last triple) = 3329 = 0xd01.
        pk = [UInt8](repeating: 0, count: 1216)
        pk[1150] = 0x10; pk[1151] = 0xd0
        #expect(!KEMAlgorithm.passesMLKEMModulusCheck(pk))
        pk[1150] = 0x00  // 0xd00 = 3328
        #expect(KEMAlgorithm.passesMLKEMModulusCheck(pk))
        // Bytes beyond t (rho) are not coefficients.
        for i in 1152..<1216 { pk[i] = 0xff }
        #expect(KEMAlgorithm.passesMLKEMModulusCheck(pk))
    }

    @Test("randomBytes gives the requested length and differs between calls")
    func randomness() throws {
        let p = try Self.crypto.provider(for: .mls128DHKEMX25519AES128GCMSHA256Ed25519)
        #expect(p.randomBytes(0).count == 0)
        #expect(p.randomBytes(33).count == 33)
        #expect(p.randomBytes(32) != p.randomBytes(32))
    }
}
