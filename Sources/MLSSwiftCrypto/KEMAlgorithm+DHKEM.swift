import Crypto
import Foundation
import MLSCrypto

/// DHKEM(Group, KDF) of RFC 9180 §4.1 for X25519, P-256, P-384 and P-521, built on swift-crypto's
/// raw Diffie-Hellman (not on its HPKE API).
extension KEMAlgorithm {
    // MARK: Key (de)serialization and validation

    /// The group order n of a NIST curve, big-endian, `privateKeyLength` bytes.
    private var nistOrder: [UInt8]? {
        switch self {
        case .p256: ConstantHex.bytes("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        case .p384: ConstantHex.bytes("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973")
        case .p521: ConstantHex.bytes("01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409")
        case .x25519, .xWing: nil
        }
    }

    /// Whether a big-endian scalar of `privateKeyLength` bytes lies in [1, n-1]; the time taken
    /// does not depend on the scalar's value.
    func isValidNISTScalar(_ scalar: UnsafeRawBufferPointer) -> Bool {
        guard let order = nistOrder, scalar.count == order.count else { return false }
        // Big-endian comparison scalar < order without data-dependent branches: scan from the
        // least significant byte so the most significant differing byte decides.
        var less: UInt8 = 0
        var nonZero: UInt8 = 0
        for i in (0..<order.count).reversed() {
            let a = Int16(scalar[i]), b = Int16(order[i])
            let lt = UInt8(truncatingIfNeeded: (a - b) >> 15) & 1      // 1 if a < b
            let gt = UInt8(truncatingIfNeeded: (b - a) >> 15) & 1      // 1 if a > b
            let eq = 1 ^ (lt | gt)
            less = lt | (eq & less)
            nonZero |= scalar[i]
        }
        return less == 1 && nonZero != 0
    }

    /// Computes the public key of a DH private key (SerializePrivateKey format).
    func dhPublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        guard privateKey.count == privateKeyLength else { throw CryptoError(.invalidKey, "KEM private key length") }
        let result: [UInt8]? = privateKey.withUnsafeBytes { raw in
            switch self {
            case .x25519:
                return (try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)).map { Array($0.publicKey.rawRepresentation) }
            case .p256:
                guard isValidNISTScalar(raw) else { return nil }
                return (try? P256.KeyAgreement.PrivateKey(rawRepresentation: raw)).map { Array($0.publicKey.x963Representation) }
            case .p384:
                guard isValidNISTScalar(raw) else { return nil }
                return (try? P384.KeyAgreement.PrivateKey(rawRepresentation: raw)).map { Array($0.publicKey.x963Representation) }
            case .p521:
                guard isValidNISTScalar(raw) else { return nil }
                return (try? P521.KeyAgreement.PrivateKey(rawRepresentation: raw)).map { Array($0.publicKey.x963Representation) }
            case .xWing:
                return nil
            }
        }
        guard let result else { throw CryptoError(.invalidKey, "KEM private key") }
        return result
    }

    /// `DH(skX, pkY)`: the X25519 output, or the x-coordinate of the ECDH point. Throws
    /// `invalidKey` for a malformed private key, a public key that is not a valid point
    /// (NIST: must be the uncompressed encoding of a point on the curve), or an all-zero
    /// X25519 output (a small-order public key, RFC 9180 §7.1.4).
    func dh(privateKey: SecretBytes, publicKey: [UInt8]) throws(CryptoError) -> SecretBytes {
        guard privateKey.count == privateKeyLength else { throw CryptoError(.invalidKey, "KEM private key length") }
        guard publicKey.count == publicKeyLength else { throw CryptoError(.invalidKey, "KEM public key length") }
        if self != .x25519 {
            guard publicKey[0] == 0x04 else { throw CryptoError(.invalidKey, "KEM public key is not an uncompressed point") }
        }
        let secret: SecretBytes? = privateKey.withUnsafeBytes { raw -> SecretBytes? in
            do {
                let shared: SharedSecret
                switch self {
                case .x25519:
                    let sk = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
                    shared = try sk.sharedSecretFromKeyAgreement(with: .init(rawRepresentation: publicKey))
                case .p256:
                    guard isValidNISTScalar(raw) else { return nil }
                    let sk = try P256.KeyAgreement.PrivateKey(rawRepresentation: raw)
                    shared = try sk.sharedSecretFromKeyAgreement(with: .init(x963Representation: publicKey))
                case .p384:
                    guard isValidNISTScalar(raw) else { return nil }
                    let sk = try P384.KeyAgreement.PrivateKey(rawRepresentation: raw)
                    shared = try sk.sharedSecretFromKeyAgreement(with: .init(x963Representation: publicKey))
                case .p521:
                    guard isValidNISTScalar(raw) else { return nil }
                    let sk = try P521.KeyAgreement.PrivateKey(rawRepresentation: raw)
                    shared = try sk.sharedSecretFromKeyAgreement(with: .init(x963Representation: publicKey))
                case .xWing:
                    return nil
                }
                return shared.withUnsafeBytes { SecretBytes($0) }
            } catch {
                return nil
            }
        }
        guard let secret else { throw CryptoError(.invalidKey, "KEM Diffie-Hellman") }
        if self == .x25519 {
            let allZero = secret.withUnsafeBytes { bytes in bytes.reduce(UInt8(0)) { $0 | $1 } == 0 }
            guard !allZero else { throw CryptoError(.invalidKey, "X25519 output is all zero") }
        }
        return secret
    }

    // MARK: Key generation

    func dhGenerateKeyPair() throws(CryptoError) -> KeyPair {
        switch self {
        case .x25519:
            let key = Curve25519.KeyAgreement.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.rawRepresentation))
        case .p256:
            let key = P256.KeyAgreement.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        case .p384:
            let key = P384.KeyAgreement.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        case .p521:
            let key = P521.KeyAgreement.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        case .xWing:
            throw CryptoError(.unsupportedCipherSuite, "X-Wing is not a DH KEM")
        }
    }

    /// RFC 9180 §7.1.3 DeriveKeyPair for the DH KEMs.
    func dhDeriveKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair {
        let dkpPRK = kdf.labeledExtract(suiteID: suiteID, salt: [], label: "dkp_prk", ikm: ikm)
        switch self {
        case .x25519:
            let sk = try kdf.labeledExpand(suiteID: suiteID, prk: dkpPRK, label: "sk", info: [], length: privateKeyLength)
            return KeyPair(privateKey: sk, publicKey: try dhPublicKey(privateKey: sk))
        case .p256, .p384, .p521:
            let bitmask: UInt8 = self == .p521 ? 0x01 : 0xff
            for counter in 0...255 {
                let candidate = try kdf.labeledExpand(suiteID: suiteID, prk: dkpPRK, label: "candidate", info: [UInt8(counter)], length: privateKeyLength)
                var bytes = candidate.exposedBytes
                bytes[0] &= bitmask
                let sk = SecretBytes(bytes)
                bytes.wipe()
                if sk.withUnsafeBytes({ isValidNISTScalar($0) }) {
                    return KeyPair(privateKey: sk, publicKey: try dhPublicKey(privateKey: sk))
                }
            }
            throw CryptoError(.deriveKeyPairFailed, "DeriveKeyPair")
        case .xWing:
            throw CryptoError(.unsupportedCipherSuite, "X-Wing is not a DH KEM")
        }
    }

    // MARK: Encap / Decap

    /// `ExtractAndExpand(dh, kem_context)`.
    private func extractAndExpand(dh: SecretBytes, kemContext: [UInt8]) throws(CryptoError) -> SecretBytes {
        let eaePRK = kdf.labeledExtract(suiteID: suiteID, salt: [], label: "eae_prk", ikm: dh)
        return try kdf.labeledExpand(suiteID: suiteID, prk: eaePRK, label: "shared_secret", info: kemContext, length: secretLength)
    }

    /// `Encap(pkR)` with the given ephemeral key pair.
    func dhEncap(publicKey: [UInt8], ephemeral: KeyPair) throws(CryptoError) -> (sharedSecret: SecretBytes, enc: [UInt8]) {
        let dh = try dh(privateKey: ephemeral.privateKey, publicKey: publicKey)
        let enc = ephemeral.publicKey
        return (try extractAndExpand(dh: dh, kemContext: enc + publicKey), enc)
    }

    /// `Decap(enc, skR)`. A malformed or invalid `enc` throws `decryptionFailed`.
    func dhDecap(enc: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> SecretBytes {
        let pkRm = try dhPublicKey(privateKey: privateKey)
        let dh: SecretBytes
        do {
            dh = try self.dh(privateKey: privateKey, publicKey: enc)
        } catch {
            throw CryptoError(.decryptionFailed, "HPKE Decap: invalid enc")
        }
        return try extractAndExpand(dh: dh, kemContext: enc + pkRm)
    }
}

enum ConstantHex {
    /// Bytes of a constant, known-good lowercase hex string (empty on malformed input).
    static func bytes(_ string: String) -> [UInt8] {
        var out = [UInt8]()
        var high: UInt8?
        for c in string.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            default: return []
            }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }
}
