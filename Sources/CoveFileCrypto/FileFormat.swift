/// Constants of the Cove encrypted-file format, version 1 (docs/file-format.md).
///
/// ```
/// header (76 bytes):
///   magic        8   "COVEFILE"
///   version      1   0x01
///   cipher       1   0x01 AES-256-GCM, 0x02 ChaCha20-Poly1305
///   chunk_log2   1   0x10 (64 KiB chunks; the only value version 1 accepts)
///   reserved     1   0x00
///   salt        32   random, fresh for every file
///   commitment  32   HKDF-Expand(PRK, "cove-file-v1 key commitment" || header[0..<44], 32)
/// chunks: seal(payload_key, nonce_prefix || counter (7 bytes BE) || final (1 byte), plaintext)
/// ```
public enum FileFormat {
    /// The first eight bytes of every Cove encrypted file.
    public static let magic: [UInt8] = Array("COVEFILE".utf8)
    /// The format version this library writes and reads.
    public static let version: UInt8 = 1
    /// log2 of the plaintext chunk size.
    public static let chunkSizeLog2: UInt8 = 16
    /// Plaintext bytes per chunk (64 KiB). Every chunk but the last is exactly this long.
    public static let chunkSize = 1 << 16
    /// AEAD tag length (both ciphers).
    public static let tagSize = 16
    /// Ciphertext bytes of a full chunk.
    public static let sealedChunkSize = chunkSize + tagSize
    /// Length of the per-file random salt.
    public static let saltSize = 32
    /// Length of the key commitment.
    public static let commitmentSize = 32
    /// Bytes of the header covered by the key derivation and the commitment (everything before
    /// the commitment).
    public static let headerPrefixSize = 12 + saltSize
    /// Total header length.
    public static let headerSize = headerPrefixSize + commitmentSize
    /// Length of a file key.
    public static let fileKeySize = 32
    /// AEAD nonce length: 4-byte prefix, 7-byte chunk counter, 1-byte last-chunk flag.
    public static let nonceSize = 12
    /// Length of the derived nonce prefix.
    public static let noncePrefixSize = 4
    /// Maximum number of chunks in a file (2^24), so at most 2^40 bytes (1 TiB) of plaintext
    /// are ever sealed under one payload key: that keeps AES-GCM's confidentiality advantage
    /// below 2^-57 (docs/file-format.md, "Limits").
    public static let maxChunks: UInt64 = 1 << 24
    /// Largest plaintext the format carries: 1 TiB.
    public static let maxPlaintextSize: UInt64 = maxChunks * UInt64(chunkSize)

    /// The plaintext length of a well-formed file of `ciphertextSize` bytes, or nil if no file
    /// has that length (shorter than a header and one tag, a last chunk shorter than a tag, an
    /// empty last chunk after full ones, or more than ``maxChunks`` chunks). Needs no key, so a
    /// server can check an upload's declared size and quotas; only decryption proves the content.
    public static func plaintextSize(ciphertextSize: UInt64) -> UInt64? {
        guard ciphertextSize >= UInt64(headerSize + tagSize) else { return nil }
        let payload = ciphertextSize - UInt64(headerSize)
        let sealed = UInt64(sealedChunkSize)
        let chunks = (payload + sealed - 1) / sealed
        let last = payload - (chunks - 1) * sealed
        guard chunks <= maxChunks, last >= UInt64(tagSize), chunks == 1 || last > UInt64(tagSize) else { return nil }
        return payload - chunks * UInt64(tagSize)
    }

    /// The ciphertext length of a plaintext of `plaintextSize` bytes.
    public static func ciphertextSize(plaintextSize: UInt64) -> UInt64 {
        let chunks = max(1, (plaintextSize + UInt64(chunkSize) - 1) / UInt64(chunkSize))
        return UInt64(headerSize) + plaintextSize + chunks * UInt64(tagSize)
    }
}
