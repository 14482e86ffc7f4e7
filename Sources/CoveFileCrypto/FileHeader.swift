/// The 76-byte header of an encrypted file (docs/file-format.md §Header).
///
/// ```
/// struct {
///     opaque magic[8] = "COVEFILE";
///     uint8  version = 1;
///     uint8  cipher;          // 1 = AES-256-GCM, 2 = ChaCha20-Poly1305
///     uint8  chunk_log2 = 16; // 64 KiB plaintext chunks
///     uint8  reserved = 0;
///     opaque salt[32];        // random per file
///     opaque commitment[32];  // key commitment, see FileKeySchedule
/// } FileHeader;
/// ```
///
/// Parsing checks only the structure; the header is authenticated by the key commitment, which
/// ``FileKeySchedule`` verifies.
public struct FileHeader: Sendable, Hashable {
    public let cipher: FileCipher
    public let salt: [UInt8]
    public let commitment: [UInt8]

    init(cipher: FileCipher, salt: [UInt8], commitment: [UInt8]) {
        self.cipher = cipher
        self.salt = salt
        self.commitment = commitment
    }

    /// The bytes covered by the key derivation and the commitment: everything before the
    /// commitment.
    static func prefix(cipher: FileCipher, salt: [UInt8]) -> [UInt8] {
        var bytes = FileFormat.magic
        bytes.reserveCapacity(FileFormat.headerSize)
        bytes += [FileFormat.version, cipher.rawValue, FileFormat.chunkSizeLog2, 0]
        bytes += salt
        return bytes
    }

    /// The header's prefix (see ``prefix(cipher:salt:)``).
    var prefixBytes: [UInt8] { Self.prefix(cipher: cipher, salt: salt) }

    /// The serialized header.
    public var bytes: [UInt8] { prefixBytes + commitment }

    /// Parses exactly ``FileFormat/headerSize`` bytes. Fields are checked in order (magic,
    /// version, cipher, chunk size, reserved) so each alteration has its own error code.
    public init(parsing bytes: some Collection<UInt8>) throws {
        let b = Array(bytes)
        guard b.count == FileFormat.headerSize else {
            throw FileCryptoError(.truncated, context: "header")
        }
        guard b[0..<8].elementsEqual(FileFormat.magic) else {
            throw FileCryptoError(.malformedHeader, context: "magic")
        }
        guard b[8] == FileFormat.version else {
            throw FileCryptoError(.unsupportedVersion, context: "version \(b[8])")
        }
        guard let cipher = FileCipher(rawValue: b[9]) else {
            throw FileCryptoError(.unsupportedCipher, context: "cipher \(b[9])")
        }
        guard b[10] == FileFormat.chunkSizeLog2 else {
            throw FileCryptoError(.unsupportedChunkSize, context: "chunk_log2 \(b[10])")
        }
        guard b[11] == 0 else {
            throw FileCryptoError(.malformedHeader, context: "reserved")
        }
        self.cipher = cipher
        self.salt = Array(b[12..<FileFormat.headerPrefixSize])
        self.commitment = Array(b[FileFormat.headerPrefixSize...])
    }
}
