/// The one error type of CoveFileCrypto, with a stable machine-readable code.
///
/// Descriptions never contain key material, plaintext or ciphertext: only the code and, where
/// it helps, the index of the chunk that failed.
public struct FileCryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input does not start with the magic "COVEFILE", or the header's reserved byte is
        /// not zero (docs/file-format.md §Header).
        public static let malformedHeader = Code(rawValue: "file.malformed_header")
        /// The header's version byte is not one this library reads (only 1).
        public static let unsupportedVersion = Code(rawValue: "file.unsupported_version")
        /// The header's cipher byte names no known AEAD.
        public static let unsupportedCipher = Code(rawValue: "file.unsupported_cipher")
        /// The header's chunk-size byte is not 16 (64 KiB), the only size version 1 allows.
        public static let unsupportedChunkSize = Code(rawValue: "file.unsupported_chunk_size")
        /// The key commitment in the header does not match the file key: the key is wrong, or
        /// the salt, the commitment or another header byte was altered. Checked in constant
        /// time before any chunk is decrypted (§Key commitment).
        public static let wrongKey = Code(rawValue: "file.wrong_key")
        /// The input ended early: inside the header, before any chunk, or at a chunk boundary
        /// before the chunk flagged as last (§Decryption).
        public static let truncated = Code(rawValue: "file.truncated")
        /// A chunk failed AEAD authentication at its position: it was modified, reordered,
        /// duplicated, taken from another file, or the file was cut inside its last chunk.
        public static let authenticationFailed = Code(rawValue: "file.authentication_failed")
        /// Bytes follow the chunk flagged as last.
        public static let trailingData = Code(rawValue: "file.trailing_data")
        /// A chunk flagged as last is empty although it is not the only chunk: writers never
        /// produce this, so it is rejected to keep the encoding canonical.
        public static let emptyFinalChunk = Code(rawValue: "file.empty_final_chunk")
        /// The plaintext would exceed the format's limit of 2^24 chunks (1 TiB).
        public static let tooLarge = Code(rawValue: "file.too_large")
        /// A file key is not exactly 32 bytes.
        public static let invalidKey = Code(rawValue: "file.invalid_key")
        /// A range read starts beyond the end of the plaintext.
        public static let invalidRange = Code(rawValue: "file.invalid_range")
        /// The encryptor or decryptor was used after it finished or failed.
        public static let invalidState = Code(rawValue: "file.invalid_state")
        /// Reading or writing the underlying file failed (the context carries errno).
        public static let io = Code(rawValue: "file.io")
    }

    public let code: Code
    /// The chunk at which the error was detected, where that applies.
    public let chunkIndex: UInt64?
    /// Extra non-secret context (e.g. "errno 5").
    public let context: String

    public init(_ code: Code, chunk: UInt64? = nil, context: String = "") {
        self.code = code
        self.chunkIndex = chunk
        self.context = context
    }

    public var description: String {
        var text = code.rawValue
        if let chunkIndex { text += " (chunk \(chunkIndex))" }
        if !context.isEmpty { text += " (\(context))" }
        return text
    }
}
