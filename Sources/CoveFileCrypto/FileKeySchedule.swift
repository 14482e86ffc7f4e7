import Crypto
import MLSCrypto

/// Derives a file's payload key, nonce prefix and key commitment from its file key
/// (docs/file-format.md §Key schedule):
///
/// ```
/// PRK          = HKDF-Extract(salt, file_key)                                  (SHA-256)
/// payload_key  = HKDF-Expand(PRK, "cove-file-v1 payload key"    || header_prefix, 32)
/// nonce_prefix = HKDF-Expand(PRK, "cove-file-v1 nonce prefix"   || header_prefix, 4)
/// commitment   = HKDF-Expand(PRK, "cove-file-v1 key commitment" || header_prefix, 32)
/// ```
///
/// `header_prefix` is the header up to the commitment (magic, version, cipher, chunk size,
/// reserved, salt), so every header byte is bound to both the key and the commitment.
struct FileKeySchedule {
    static let payloadKeyLabel = Array("cove-file-v1 payload key".utf8)
    static let noncePrefixLabel = Array("cove-file-v1 nonce prefix".utf8)
    static let commitmentLabel = Array("cove-file-v1 key commitment".utf8)

    let payloadKey: SymmetricKey
    let noncePrefix: [UInt8]
    let commitment: [UInt8]

    init(fileKey: FileKey, headerPrefix: [UInt8], salt: [UInt8]) {
        let ikm = fileKey.secret.withUnsafeBytes { SymmetricKey(data: $0) }
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
        payloadKey = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Self.payloadKeyLabel + headerPrefix, outputByteCount: 32)
        noncePrefix = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Self.noncePrefixLabel + headerPrefix,
            outputByteCount: FileFormat.noncePrefixSize
        ).withUnsafeBytes { Array($0) }
        commitment = HKDF<SHA256>.expand(
            pseudoRandomKey: prk, info: Self.commitmentLabel + headerPrefix,
            outputByteCount: FileFormat.commitmentSize
        ).withUnsafeBytes { Array($0) }
    }

    /// Verifies a parsed header against the file key, in constant time, and returns the chunk
    /// cipher. Throws `file.wrong_key` on mismatch; nothing is decrypted before this passes.
    static func open(header: FileHeader, fileKey: FileKey) throws -> ChunkCipher {
        let schedule = FileKeySchedule(fileKey: fileKey, headerPrefix: header.prefixBytes, salt: header.salt)
        guard constantTimeEquals(schedule.commitment, header.commitment) else {
            throw FileCryptoError(.wrongKey)
        }
        return ChunkCipher(cipher: header.cipher, key: schedule.payloadKey, noncePrefix: schedule.noncePrefix)
    }

    /// Builds the header and chunk cipher for a new file.
    static func create(fileKey: FileKey, cipher: FileCipher, salt: [UInt8]) -> (FileHeader, ChunkCipher) {
        let prefix = FileHeader.prefix(cipher: cipher, salt: salt)
        let schedule = FileKeySchedule(fileKey: fileKey, headerPrefix: prefix, salt: salt)
        let header = FileHeader(cipher: cipher, salt: salt, commitment: schedule.commitment)
        return (header, ChunkCipher(cipher: cipher, key: schedule.payloadKey, noncePrefix: schedule.noncePrefix))
    }
}
