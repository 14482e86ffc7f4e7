import Foundation
import MLSCrypto

/// The contents of `store.key.scrypt` (docs/client-store.md): the store key sealed under a key
/// derived from the user's passphrase with scrypt.
///
/// ```json
/// {"v":1,"kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"<base64, 32 bytes>","key":"<base64, 61 bytes>"}
/// ```
///
/// `key` is ``StoreKey/seal(_:associatedData:)`` of the 32 key bytes under
/// KEK = scrypt(UTF-8(NFC(passphrase)), salt, N, r, p, 32), with associated data
/// `"cove-store-key-v1" || N (u64) || r (u32) || p (u32) || salt` (big-endian), so editing the
/// parameters or salt makes the unwrap fail instead of silently deriving another key.
struct WrappedStoreKey: Sendable, Hashable, Codable {
    static let currentVersion = 1
    static let saltByteCount = 32
    static let label = Array("cove-store-key-v1".utf8)

    var v: Int
    var kdf: String
    var n: Int
    var r: Int
    var p: Int
    var salt: Data
    var key: Data

    var parameters: Scrypt.Parameters { Scrypt.Parameters(n: n, r: r, p: p) }

    /// Seals `storeKey` under `passphrase` with a fresh random salt.
    static func wrap(_ storeKey: StoreKey, passphrase: String, parameters: Scrypt.Parameters) throws -> WrappedStoreKey {
        var passphraseBytes = try normalized(passphrase)
        defer { wipeSecretCopy(&passphraseBytes) }
        let salt = StoreKey.generate().exposedBytes  // 32 bytes from the system CSPRNG
        let kek = try StoreKey(secret: Scrypt.deriveKey(passphrase: passphraseBytes, salt: salt, parameters: parameters))
        var keyBytes = storeKey.exposedBytes
        defer { wipeSecretCopy(&keyBytes) }
        let sealed = try kek.seal(keyBytes, associatedData: associatedData(parameters, salt))
        return WrappedStoreKey(v: currentVersion, kdf: "scrypt", n: parameters.n, r: parameters.r, p: parameters.p,
                               salt: Data(salt), key: Data(sealed))
    }

    /// Recovers the store key; a wrong passphrase and an altered file are indistinguishable.
    func unwrap(passphrase: String, memoryLimit: Int = Scrypt.defaultMemoryLimit) throws -> StoreKey {
        var passphraseBytes = try Self.normalized(passphrase)
        defer { wipeSecretCopy(&passphraseBytes) }
        let kek = try StoreKey(secret: Scrypt.deriveKey(
            passphrase: passphraseBytes, salt: salt, parameters: parameters, memoryLimit: memoryLimit))
        var plain: [UInt8]
        do {
            plain = try kek.open(key, associatedData: Self.associatedData(parameters, Array(salt)))
        } catch {
            throw CoveClientError(.storeWrongPassphrase, "wrong passphrase",
                                  hint: "try again; if store.key.scrypt was altered, restore it from a backup")
        }
        let secret = SecretBytes(plain)
        wipeSecretCopy(&plain)
        return try StoreKey(secret: secret)
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [0x0A]
        } catch {
            throw CoveClientError(.storeIO, "cannot encode store.key.scrypt")
        }
    }

    /// Parses and checks the document's shape; the scrypt parameters are checked when unwrapping.
    static func decode(_ bytes: [UInt8]) throws -> WrappedStoreKey {
        let invalid = CoveClientError(.storeKeyFileInvalid, "store.key.scrypt is not a Cove wrapped store key",
                                      hint: "restore store.key.scrypt from a backup")
        guard let file = try? JSONDecoder().decode(WrappedStoreKey.self, from: Data(bytes)) else { throw invalid }
        guard file.v == currentVersion, file.kdf == "scrypt",
              (16...64).contains(file.salt.count),
              file.key.count == StoreKey.overhead + StoreKey.byteCount
        else { throw invalid }
        return file
    }

    /// RFC 8265-style minimum: NFC, so the same passphrase typed on two systems whose input
    /// methods compose accents differently gives the same bytes. Empty passphrases are refused.
    static func normalized(_ passphrase: String) throws -> [UInt8] {
        let bytes = Array(passphrase.precomposedStringWithCanonicalMapping.utf8)
        guard !bytes.isEmpty else {
            throw CoveClientError(.storePassphraseInvalid, "the passphrase is empty",
                                  hint: "choose a non-empty passphrase, or omit it to use a key file")
        }
        return bytes
    }

    static func associatedData(_ parameters: Scrypt.Parameters, _ salt: [UInt8]) -> [UInt8] {
        var out = label
        out += bigEndian(UInt64(truncatingIfNeeded: parameters.n))
        out += bigEndian(UInt32(truncatingIfNeeded: parameters.r))
        out += bigEndian(UInt32(truncatingIfNeeded: parameters.p))
        return out + salt
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}
