import Crypto

/// Incremental (push) encryptor: feed plaintext in pieces of any size with ``update(_:emit:)``,
/// then call ``finish(emit:)``. Output (header first, then sealed chunks) goes to `emit` as
/// soon as it is final. Memory is constant: one 64 KiB pending chunk.
///
/// A full 64 KiB chunk is sealed only once at least one more plaintext byte has arrived, because
/// the last chunk carries the last-chunk flag; so a file whose size is a multiple of 64 KiB ends
/// with a full final chunk, and only the empty file has an empty (final) chunk.
public struct FileEncryptor: Sendable {
    /// The serialized header (also emitted before the first chunk).
    public let header: FileHeader
    private let chunks: ChunkCipher
    private var pending: [UInt8]
    private var index: UInt64 = 0
    private var headerEmitted = false
    private var finished = false

    /// An encryptor with a fresh random salt. `key` must be used for this one file only.
    public init(key: FileKey, cipher: FileCipher = .aes256GCM) {
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        self.init(key: key, cipher: cipher, checkedSalt: salt)
    }

    /// An encryptor with a caller-chosen salt, for test vectors only: reusing a salt with the
    /// same key reuses nonces.
    @_spi(TestVectors)
    public init(key: FileKey, cipher: FileCipher, unsafeFixedSalt salt: [UInt8]) throws {
        guard salt.count == FileFormat.saltSize else {
            throw FileCryptoError(.invalidState, context: "salt must be \(FileFormat.saltSize) bytes")
        }
        self.init(key: key, cipher: cipher, checkedSalt: salt)
    }

    private init(key: FileKey, cipher: FileCipher, checkedSalt salt: [UInt8]) {
        (header, chunks) = FileKeySchedule.create(fileKey: key, cipher: cipher, salt: salt)
        pending = []
        pending.reserveCapacity(FileFormat.chunkSize)
    }

    private mutating func emitHeaderIfNeeded(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !headerEmitted else { return }
        headerEmitted = true
        try header.bytes.withUnsafeBytes { try emit($0) }
    }

    /// Encrypts the next piece of plaintext.
    public mutating func update(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished else { throw FileCryptoError(.invalidState) }
        try emitHeaderIfNeeded(emit)
        var rest = input[...]
        let size = FileFormat.chunkSize
        while !rest.isEmpty {
            if pending.count == size {
                // More plaintext follows, so the pending chunk is not the last one.
                try pending.withUnsafeBytes { try chunks.seal($0, index: index, isFinal: false, emit: emit) }
                index += 1
                pending.removeAll(keepingCapacity: true)
            }
            if pending.isEmpty && rest.count > size {
                // Fast path: seal straight from the caller's buffer, no copy.
                let end = rest.startIndex + size
                try chunks.seal(UnsafeRawBufferPointer(rebasing: rest[..<end]), index: index, isFinal: false, emit: emit)
                index += 1
                rest = rest[end...]
                continue
            }
            let take = min(size - pending.count, rest.count)
            let end = rest.startIndex + take
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<end]))
            rest = rest[end...]
        }
    }

    /// Encrypts the next piece of plaintext.
    public mutating func update(_ input: [UInt8], emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try update($0, emit: emit) }
    }

    /// Seals the last chunk (with the last-chunk flag). The encryptor cannot be used afterwards.
    public mutating func finish(emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !finished else { throw FileCryptoError(.invalidState) }
        try emitHeaderIfNeeded(emit)
        finished = true
        try pending.withUnsafeBytes { try chunks.seal($0, index: index, isFinal: true, emit: emit) }
        pending.removeAll()
    }
}
