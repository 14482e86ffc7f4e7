import Crypto
import Foundation
import MLSCrypto

/// The AEADs of the supported suites (RFC 9180 §7.3). Ciphertexts are `ct || tag` with a
/// 16-byte tag, as in RFC 9180 and RFC 9420.
enum AEADAlgorithm: Sendable {
    case aes128GCM, aes256GCM, chaCha20Poly1305
    /// RFC 9180's "Export-only" AEAD (0xFFFF): the context supports only secret export.
    case exportOnly

    /// RFC 9180 AEAD identifier.
    var id: UInt16 {
        switch self {
        case .aes128GCM: 0x0001
        case .aes256GCM: 0x0002
        case .chaCha20Poly1305: 0x0003
        case .exportOnly: 0xffff
        }
    }

    init?(id: UInt16) {
        switch id {
        case 0x0001: self = .aes128GCM
        case 0x0002: self = .aes256GCM
        case 0x0003: self = .chaCha20Poly1305
        case 0xffff: self = .exportOnly
        default: return nil
        }
    }

    /// Nk.
    var keyLength: Int {
        switch self {
        case .aes128GCM: 16
        case .aes256GCM, .chaCha20Poly1305: 32
        case .exportOnly: 0
        }
    }
    /// Nn.
    var nonceLength: Int { self == .exportOnly ? 0 : 12 }
    /// Nt.
    var tagLength: Int { 16 }

    private func checkKeyAndNonce(key: SecretBytes, nonce: [UInt8], _ operation: String) throws(CryptoError) {
        guard key.count == keyLength else { throw CryptoError(.invalidKey, "\(operation): AEAD key length") }
        guard nonce.count == nonceLength else { throw CryptoError(.invalidLength, "\(operation): AEAD nonce length") }
    }

    func seal(key: SecretBytes, nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkKeyAndNonce(key: key, nonce: nonce, "seal")
        let symmetricKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
        do {
            switch self {
            case .aes128GCM, .aes256GCM:
                let box = try AES.GCM.seal(plaintext, using: symmetricKey, nonce: try AES.GCM.Nonce(data: nonce), authenticating: aad)
                return Self.concatenate(box.ciphertext, box.tag)
            case .chaCha20Poly1305:
                let box = try ChaChaPoly.seal(plaintext, using: symmetricKey, nonce: try ChaChaPoly.Nonce(data: nonce), authenticating: aad)
                return Self.concatenate(box.ciphertext, box.tag)
            case .exportOnly:
                throw CryptoError(.encryptionFailed, "export-only HPKE context")
            }
        } catch {
            throw CryptoError(.encryptionFailed, "AEAD seal")
        }
    }

    /// `ct || tag` in one allocation and one copy of each part (not `Array(ct) + Array(tag)`,
    /// which copies a 64 KiB message three times).
    private static func concatenate(_ ciphertext: Data, _ tag: Data) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(ciphertext.count + tag.count)
        ciphertext.withUnsafeBytes { out.append(contentsOf: $0) }
        tag.withUnsafeBytes { out.append(contentsOf: $0) }
        return out
    }

    /// Decrypts `ct || tag`; any failure (short input, wrong key, nonce, AAD or tag) is
    /// `decryptionFailed`.
    func open(key: SecretBytes, nonce: [UInt8], aad: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try checkKeyAndNonce(key: key, nonce: nonce, "open")
        guard ciphertext.count >= tagLength else { throw CryptoError(.decryptionFailed, "AEAD ciphertext shorter than the tag") }
        let symmetricKey = key.withUnsafeBytes { SymmetricKey(data: $0) }
        let body = ciphertext.prefix(ciphertext.count - tagLength)
        let tag = ciphertext.suffix(tagLength)
        do {
            switch self {
            case .aes128GCM, .aes256GCM:
                let box = try AES.GCM.SealedBox(nonce: try AES.GCM.Nonce(data: nonce), ciphertext: body, tag: tag)
                return Array(try AES.GCM.open(box, using: symmetricKey, authenticating: aad))
            case .chaCha20Poly1305:
                let box = try ChaChaPoly.SealedBox(nonce: try ChaChaPoly.Nonce(data: nonce), ciphertext: body, tag: tag)
                return Array(try ChaChaPoly.open(box, using: symmetricKey, authenticating: aad))
            case .exportOnly:
                throw CryptoError(.decryptionFailed, "export-only HPKE context")
            }
        } catch {
            throw CryptoError(.decryptionFailed, "AEAD open")
        }
    }
}
