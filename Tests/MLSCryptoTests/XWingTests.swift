import Crypto
import Foundation
import MLSCrypto
@testable import MLSSwiftCrypto
import MLSTestSupport
import Testing

private typealias CryptoError = MLSCrypto.CryptoError

/// The X-Wing KEM (draft-connolly-cfrg-xwing-kem) as an HPKE KEM inside the 0xF001 suite.
///
/// The draft's own test-vector appendix is an unexpanded include, so the key-generation and
/// decapsulation answers come from the draft's vector set as shipped in swift-crypto 4.5.2's
/// tests (Resources/xwing-test-vectors.json). The combiner check recomputes the shared secret
/// from its parts with our SHAKE256, independently of swift-crypto's X-Wing code.
@Suite struct XWingTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let index: Int
        let seed: [UInt8], pk: [UInt8], ct: [UInt8], ss: [UInt8]
        var testDescription: String { "X-Wing vector #\(index)" }
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "xwing-test-vectors", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: String]] else { return [] }
        return list.enumerated().compactMap { i, e in
            guard let seed = e["seed"].flatMap(Hex.decode), let pk = e["pk"].flatMap(Hex.decode),
                  let ct = e["ct"].flatMap(Hex.decode), let ss = e["ss"].flatMap(Hex.decode) else { return nil }
            return Vector(index: i, seed: seed, pk: pk, ct: ct, ss: ss)
        }
    }()

    static let kem = KEMAlgorithm.xWing
    static let suite = CipherSuite.mls128XWingAES128GCMSHA256Ed25519

    @Test("the vector file loads")
    func loads() { #expect(Self.vectors.count == 3) }

    @Test("key from seed and decapsulation match the draft's vectors", arguments: vectors)
    func draftVector(_ v: Vector) throws {
        let sk = SecretBytes(v.seed)
        #expect(try Self.kem.publicKey(privateKey: sk) == v.pk)
        #expect(try Self.kem.decap(enc: v.ct, privateKey: sk) == SecretBytes(v.ss))
    }

    @Test("the shared secret is the draft's combiner over ML-KEM-768 and X25519", arguments: vectors)
    func combiner(_ v: Vector) throws {
        // expandDecapsulationKey: SHAKE256(sk, 96 * 8) = d || z || sk_X.
        let expanded = SHAKE256.hash(v.seed, outputLength: 96)
        let mlkem = try MLKEM768.PrivateKey(seedRepresentation: expanded[0..<64], publicKey: nil)
        let x25519 = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: expanded[64..<96])
        let pkX = Array(x25519.publicKey.rawRepresentation)
        #expect(Array(mlkem.publicKey.rawRepresentation) + pkX == v.pk)

        let ctM = v.ct.prefix(1088), ctX = Array(v.ct.suffix(32))
        let ssM = try mlkem.decapsulate(ctM).withUnsafeBytes { Array($0) }
        let ssX = try x25519.sharedSecretFromKeyAgreement(with: .init(rawRepresentation: ctX)).withUnsafeBytes { Array($0) }
        let xWingLabel: [UInt8] = [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c]
        let combined = Array(SHA3_256.hash(data: ssM + ssX + ctX + pkX + xWingLabel))
        #expect(combined == v.ss)
    }

    @Test("DeriveKeyPair(ikm) is the key of seed SHAKE256(ikm, 32 * 8)")
    func deriveKeyPair() throws {
        let p = try SwiftCryptoProvider().provider(for: Self.suite)
        for ikm in [[UInt8](), [0x01], [UInt8](repeating: 0xab, count: 200)] {
            let pair = try p.deriveKEMKeyPair(ikm: SecretBytes(ikm))
            #expect(pair.privateKey == SecretBytes(SHAKE256.hash(ikm, outputLength: 32)))
            #expect(pair.publicKey.count == 1216)
            #expect(try p.kemPublicKey(privateKey: pair.privateKey) == pair.publicKey)
            #expect(try p.deriveKEMKeyPair(ikm: SecretBytes(ikm)) == pair)
        }
        #expect(try p.deriveKEMKeyPair(ikm: SecretBytes([1])).publicKey != (try p.deriveKEMKeyPair(ikm: SecretBytes([2]))).publicKey)
    }

    @Test("HPKE over X-Wing: enc is the 1120-byte ciphertext and the secret is X-Wing's output")
    func hpkeStructure() throws {
        let pair = try Self.kem.generateKeyPair()
        let (secret, enc) = try Self.kem.encap(publicKey: pair.publicKey)
        #expect(enc.count == 1120)
        #expect(secret.count == 32)
        #expect(try Self.kem.decap(enc: enc, privateKey: pair.privateKey) == secret)
        #expect(throws: CryptoError.self) { _ = try Self.kem.encap(publicKey: pair.publicKey, ephemeralIKM: SecretBytes([1])) }
    }

    @Test("a modified X-Wing enc makes HPKE Open fail with decryptionFailed")
    func tamperedEnc() throws {
        let p = try SwiftCryptoProvider().provider(for: Self.suite)
        let pair = try p.generateKEMKeyPair()
        let sealed = try p.hpkeSeal(publicKey: pair.publicKey, info: [], aad: [], plaintext: [1, 2, 3])
        for position in [0, 1087, 1088, 1119] {
            var bad = sealed
            bad.kemOutput[position] ^= 0x01
            #expect(throws: CryptoError(.decryptionFailed, "AEAD open")) {
                _ = try p.hpkeOpen(bad, privateKey: pair.privateKey, info: [], aad: [])
            }
        }
        var truncated = sealed
        truncated.kemOutput.removeLast()
        #expect(throws: CryptoError(.decryptionFailed, "X-Wing ciphertext length")) {
            _ = try p.hpkeOpen(truncated, privateKey: pair.privateKey, info: [], aad: [])
        }
    }

    @Test("malformed X-Wing keys are rejected with invalidKey")
    func invalidKeys() throws {
        let p = try SwiftCryptoProvider().provider(for: Self.suite)
        let pair = try p.generateKEMKeyPair()
        // Wrong lengths.
        #expect(throws: CryptoError(.invalidKey, "X-Wing public key length")) {
            _ = try p.hpkeSeal(publicKey: Array(pair.publicKey.dropLast()), info: [], aad: [], plaintext: [])
        }
        #expect(throws: CryptoError(.invalidKey, "X-Wing private key length")) {
            _ = try p.kemPublicKey(privateKey: SecretBytes([UInt8](repeating: 1, count: 31)))
        }
        // An ML-KEM encapsulation key with coefficients >= q fails the FIPS 203 modulus check.
        var notReduced = pair.publicKey
        for i in 0..<12 { notReduced[i] = 0xff }
        #expect(throws: CryptoError(.invalidKey, "X-Wing public key")) {
            _ = try p.hpkeSeal(publicKey: notReduced, info: [], aad: [], plaintext: [])
        }
    }
}
