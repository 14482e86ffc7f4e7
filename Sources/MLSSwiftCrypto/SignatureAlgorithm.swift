import Crypto
import Foundation
import MLSCrypto

/// The signature schemes of the supported suites (RFC 8446 §4.2.3 code points).
///
/// Key formats follow the MLS interop conventions: Ed25519 private keys are the 32-byte seed and
/// public keys the raw 32 bytes; ECDSA private keys are the big-endian scalar (32, 48 or 66
/// bytes), public keys the uncompressed X9.63 point `04 || X || Y`, signatures DER.
enum SignatureAlgorithm: Sendable {
    case ed25519
    /// ecdsa_secp256r1_sha256
    case p256
    /// ecdsa_secp384r1_sha384
    case p384
    /// ecdsa_secp521r1_sha512
    case p521

    init?(scheme: UInt16) {
        switch scheme {
        case 0x0807: self = .ed25519
        case 0x0403: self = .p256
        case 0x0503: self = .p384
        case 0x0603: self = .p521
        default: return nil
        }
    }

    /// Private key length in bytes.
    var privateKeyLength: Int {
        switch self {
        case .ed25519, .p256: 32
        case .p384: 48
        case .p521: 66
        }
    }

    /// Public key length in bytes.
    var publicKeyLength: Int {
        switch self {
        case .ed25519: 32
        case .p256: 65
        case .p384: 97
        case .p521: 133
        }
    }

    func generateKeyPair() throws(CryptoError) -> KeyPair {
        switch self {
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.rawRepresentation))
        case .p256:
            let key = P256.Signing.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        case .p384:
            let key = P384.Signing.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        case .p521:
            let key = P521.Signing.PrivateKey()
            return KeyPair(privateKey: SecretBytes(key.rawRepresentation), publicKey: Array(key.publicKey.x963Representation))
        }
    }

    func publicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try withPrivateKey(privateKey) { key throws(CryptoError) in
            switch key {
            case .ed25519(let k): Array(k.publicKey.rawRepresentation)
            case .p256(let k): Array(k.publicKey.x963Representation)
            case .p384(let k): Array(k.publicKey.x963Representation)
            case .p521(let k): Array(k.publicKey.x963Representation)
            }
        }
    }

    func sign(_ message: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try withPrivateKey(privateKey) { key throws(CryptoError) in
            do {
                switch key {
                case .ed25519(let k): return Array(try k.signature(for: message))
                case .p256(let k): return Array(try k.signature(for: message).derRepresentation)
                case .p384(let k): return Array(try k.signature(for: message).derRepresentation)
                case .p521(let k): return Array(try k.signature(for: message).derRepresentation)
                }
            } catch {
                throw CryptoError(.signingFailed, "signature")
            }
        }
    }

    /// False for a malformed key, a malformed signature or a signature that does not verify.
    func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard publicKey.count == publicKeyLength else { return false }
        switch self {
        case .ed25519:
            guard signature.count == 64,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
            return key.isValidSignature(signature, for: message)
        case .p256:
            guard publicKey.first == 0x04,
                  let key = try? P256.Signing.PublicKey(x963Representation: publicKey),
                  let sig = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: message)
        case .p384:
            guard publicKey.first == 0x04,
                  let key = try? P384.Signing.PublicKey(x963Representation: publicKey),
                  let sig = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: message)
        case .p521:
            guard publicKey.first == 0x04,
                  let key = try? P521.Signing.PublicKey(x963Representation: publicKey),
                  let sig = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(sig, for: message)
        }
    }

    private enum PrivateKey {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
    }

    /// Parses a private key of exactly `privateKeyLength` bytes (a scalar out of range is
    /// rejected by swift-crypto) and lends it to `body`.
    private func withPrivateKey<R>(_ privateKey: SecretBytes, _ body: (PrivateKey) throws(CryptoError) -> R) throws(CryptoError) -> R {
        guard privateKey.count == privateKeyLength else { throw CryptoError(.invalidKey, "signature private key length") }
        let parsed: PrivateKey? = privateKey.withUnsafeBytes { raw in
            switch self {
            case .ed25519: (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)).map(PrivateKey.ed25519)
            case .p256: (try? P256.Signing.PrivateKey(rawRepresentation: raw)).map(PrivateKey.p256)
            case .p384: (try? P384.Signing.PrivateKey(rawRepresentation: raw)).map(PrivateKey.p384)
            case .p521: (try? P521.Signing.PrivateKey(rawRepresentation: raw)).map(PrivateKey.p521)
            }
        }
        guard let parsed else { throw CryptoError(.invalidKey, "signature private key") }
        return try body(parsed)
    }
}
