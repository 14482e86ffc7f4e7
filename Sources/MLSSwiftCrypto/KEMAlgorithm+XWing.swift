import Crypto
import Foundation
import MLSCrypto

/// X-Wing (draft-connolly-cfrg-xwing-kem, "Use in HPKE"): the private key is the 32-byte seed,
/// the public key the 1216-byte encapsulation key, `enc` the 1120-byte ciphertext, and the HPKE
/// shared secret is X-Wing's 32-byte output. Encapsulation and decapsulation use swift-crypto's
/// `XWingMLKEM768X25519`.
extension KEMAlgorithm {
    private func xWingPrivateKey(_ seed: SecretBytes) throws(CryptoError) -> XWingMLKEM768X25519.PrivateKey {
        guard seed.count == privateKeyLength else { throw CryptoError(.invalidKey, "X-Wing private key length") }
        do {
            return try seed.withUnsafeBytes { raw in
                try XWingMLKEM768X25519.PrivateKey(seedRepresentation: Data(raw), publicKey: nil)
            }
        } catch {
            throw CryptoError(.invalidKey, "X-Wing private key")
        }
    }

    func xWingGenerateKeyPair() throws(CryptoError) -> KeyPair {
        do {
            let key = try XWingMLKEM768X25519.PrivateKey.generate()
            return KeyPair(privateKey: SecretBytes(key.seedRepresentation), publicKey: Array(key.publicKey.rawRepresentation))
        } catch {
            throw CryptoError(.randomFailed, "X-Wing key generation")
        }
    }

    /// `DeriveKeyPair(ikm)`: `sk = SHAKE256(ikm, 32 * 8)`, then the key pair of seed `sk`.
    func xWingDeriveKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair {
        var seed = ikm.withUnsafeBytes { SHAKE256.hash($0, outputLength: 32) }
        defer { seed.wipe() }
        let sk = SecretBytes(seed)
        return KeyPair(privateKey: sk, publicKey: try xWingPublicKey(privateKey: sk))
    }

    func xWingPublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        Array(try xWingPrivateKey(privateKey).publicKey.rawRepresentation)
    }

    /// `Encap(pkR)`; an encapsulation key that fails the ML-KEM check throws `invalidKey`.
    func xWingEncap(publicKey: [UInt8]) throws(CryptoError) -> (sharedSecret: SecretBytes, enc: [UInt8]) {
        guard publicKey.count == publicKeyLength else { throw CryptoError(.invalidKey, "X-Wing public key length") }
        guard Self.passesMLKEMModulusCheck(publicKey) else { throw CryptoError(.invalidKey, "X-Wing public key") }
        let key: XWingMLKEM768X25519.PublicKey
        do { key = try XWingMLKEM768X25519.PublicKey(rawRepresentation: publicKey) } catch {
            throw CryptoError(.invalidKey, "X-Wing public key")
        }
        do {
            let result = try key.encapsulate()
            let secret = result.sharedSecret.withUnsafeBytes { SecretBytes($0) }
            return (secret, Array(result.encapsulated))
        } catch {
            throw CryptoError(.encryptionFailed, "X-Wing encapsulation")
        }
    }

    /// `Decap(enc, skR)`; a wrong-length `enc` throws `decryptionFailed` (a well-formed but
    /// wrong `enc` yields an unrelated secret by ML-KEM's implicit rejection, so the AEAD fails).
    func xWingDecap(enc: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        let key = try xWingPrivateKey(privateKey)
        guard enc.count == encLength else { throw CryptoError(.decryptionFailed, "X-Wing ciphertext length") }
        do {
            let secret = try key.decapsulate(Data(enc))
            return secret.withUnsafeBytes { SecretBytes($0) }
        } catch {
            throw CryptoError(.decryptionFailed, "X-Wing decapsulation")
        }
    }

    /// FIPS 203 §7.2 encapsulation key check for the ML-KEM-768 part (`pk[0..<1184]`): each
    /// 12-bit coefficient of the 3 * 256-coefficient vector `t` (the first 1152 bytes) is < q.
    /// `ByteEncode12(ByteDecode12(t)) == t` is equivalent to this.
    static func passesMLKEMModulusCheck(_ publicKey: [UInt8]) -> Bool {
        let q: UInt16 = 3329
        var ok = true
        var i = 0
        while i + 3 <= 1152 {
            let b0 = UInt16(publicKey[i]), b1 = UInt16(publicKey[i + 1]), b2 = UInt16(publicKey[i + 2])
            let c0 = b0 | (b1 & 0x0f) << 8
            let c1 = b1 >> 4 | b2 << 4
            ok = ok && c0 < q && c1 < q
            i += 3
        }
        return ok
    }
}
