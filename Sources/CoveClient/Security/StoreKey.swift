import Crypto
import Foundation
import MLSCrypto

/// The key that encrypts key material in the local store (docs/client-store.md): 32 random
/// bytes, AES-256-GCM.
///
/// Held in ``SecretBytes``: zeroized when the last copy is dropped, redacted when printed,
/// compared in constant time. The store key itself lives on disk only in `store.key` (key-file
/// mode) or wrapped under a passphrase in `store.key.scrypt` (see ``KeyProtection``).
public struct StoreKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Format version of a sealed record; the first byte of every ``seal(_:associatedData:)`` output.
    public static let version: UInt8 = 1
    /// Key length in bytes (AES-256).
    public static let byteCount = 32
    static let nonceByteCount = 12
    static let tagByteCount = 16
    /// Bytes ``seal(_:associatedData:)`` adds to the plaintext: version, nonce and tag.
    public static let overhead = 1 + nonceByteCount + tagByteCount

    let secret: SecretBytes

    /// Wraps existing key bytes; throws `store.key_file_invalid` unless there are exactly 32.
    public init(secret: SecretBytes) throws {
        guard secret.count == Self.byteCount else {
            throw CoveClientError(.storeKeyFileInvalid, "a store key must be \(Self.byteCount) bytes",
                                  hint: "the key file is damaged; restore it from a backup")
        }
        self.secret = secret
    }

    /// A new key from the system's cryptographically secure generator.
    public static func generate() -> StoreKey {
        StoreKey(unchecked: SymmetricKey(size: .bits256).withUnsafeBytes { SecretBytes($0) })
    }

    private init(unchecked secret: SecretBytes) { self.secret = secret }

    /// Encrypts `plaintext` and binds it to `associatedData`.
    ///
    /// Output: `version (1 byte) || nonce (12) || ciphertext || tag (16)`. The nonce is 96 random
    /// bits per call; AES-GCM's random-nonce bound (2^32 seals per key) is far beyond a client
    /// store's lifetime. The AEAD's associated data is `version || associatedData`, so the version
    /// byte is authenticated too. Pass the record's identity (table, row key) as
    /// `associatedData` so a sealed value cannot be moved to another row unnoticed.
    public func seal(_ plaintext: some DataProtocol, associatedData: [UInt8] = []) throws -> [UInt8] {
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(
                plaintext, using: symmetricKey, nonce: AES.GCM.Nonce(),
                authenticating: [Self.version] + associatedData)
        } catch {
            throw CoveClientError(.storeIO, "encryption failed")
        }
        var out: [UInt8] = [Self.version]
        out.reserveCapacity(Self.overhead + sealed.ciphertext.count)
        out.append(contentsOf: sealed.nonce)
        out.append(contentsOf: sealed.ciphertext)
        out.append(contentsOf: sealed.tag)
        return out
    }

    /// Decrypts the output of ``seal(_:associatedData:)``.
    ///
    /// - Throws: `store.decrypt_failed` for a wrong key, wrong associated data, any altered or
    ///   truncated byte, or an unknown version: one error, with no detail about which.
    public func open(_ sealed: some DataProtocol, associatedData: [UInt8] = []) throws -> [UInt8] {
        let bytes = Array(sealed)
        guard bytes.count >= Self.overhead, bytes[0] == Self.version else { throw Self.decryptFailed }
        do {
            let nonce = try AES.GCM.Nonce(data: bytes[1..<(1 + Self.nonceByteCount)])
            let box = try AES.GCM.SealedBox(
                nonce: nonce,
                ciphertext: bytes[(1 + Self.nonceByteCount)..<(bytes.count - Self.tagByteCount)],
                tag: bytes[(bytes.count - Self.tagByteCount)...])
            return Array(try AES.GCM.open(box, using: symmetricKey, authenticating: [Self.version] + associatedData))
        } catch {
            throw Self.decryptFailed
        }
    }

    /// The key as a plain array, for writing `store.key`. Not zeroized: keep it short-lived.
    var exposedBytes: [UInt8] { secret.exposedBytes }

    // swift-crypto's SymmetricKey keeps its copy in zeroizing SecureBytes.
    private var symmetricKey: SymmetricKey { secret.withUnsafeBytes { SymmetricKey(data: $0) } }

    static let decryptFailed = CoveClientError(
        .storeDecryptFailed, "a stored record could not be decrypted",
        hint: "the local store is damaged or was written under another key; restore the home directory from a backup")

    public var description: String { "StoreKey(redacted)" }
    public var debugDescription: String { description }
}
