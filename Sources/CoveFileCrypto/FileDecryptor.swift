/// Incremental (push) decryptor: feed ciphertext in pieces of any size with
/// ``update(_:emit:)``, then call ``finish(emit:)``. Memory is constant: one sealed chunk.
///
/// The header's key commitment is checked (constant time) as soon as the 76 header bytes have
/// arrived, before any chunk is opened. Plaintext is emitted chunk by chunk once each chunk has
/// authenticated, but the file as a whole is authentic only when ``finish(emit:)`` returns:
/// until then it may be truncated. Callers must treat emitted plaintext as provisional (write it
/// to a temporary file and rename it on success).
///
/// After any error the decryptor is failed and every further call throws `file.invalid_state`.
public struct FileDecryptor: Sendable {
    private let key: FileKey
    private var headerBytes: [UInt8] = []
    private var chunks: ChunkCipher?
    private var pending: [UInt8] = []
    private var index: UInt64 = 0
    private var state = State.running

    private enum State { case running, finished, failed }

    /// The parsed header, once it has been read and verified.
    public private(set) var header: FileHeader?

    public init(key: FileKey) {
        self.key = key
        headerBytes.reserveCapacity(FileFormat.headerSize)
    }

    /// Decrypts the next piece of ciphertext.
    public mutating func update(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard state == .running else { throw FileCryptoError(.invalidState) }
        do {
            try process(input, emit: emit)
        } catch {
            state = .failed
            throw error
        }
    }

    /// Decrypts the next piece of ciphertext.
    public mutating func update(_ input: [UInt8], emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try update($0, emit: emit) }
    }

    private mutating func process(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var rest = input[...]
        if chunks == nil {
            let take = min(FileFormat.headerSize - headerBytes.count, rest.count)
            let end = rest.startIndex + take
            headerBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<end]))
            rest = rest[end...]
            guard headerBytes.count == FileFormat.headerSize else { return }
            let parsed = try FileHeader(parsing: headerBytes)
            chunks = try FileKeySchedule.open(header: parsed, fileKey: key)
            header = parsed
            pending.reserveCapacity(FileFormat.sealedChunkSize)
        }
        guard let chunks else { return }
        let size = FileFormat.sealedChunkSize
        while !rest.isEmpty {
            if pending.count == size {
                // More ciphertext follows, so the pending chunk must not be the last one.
                try pending.withUnsafeBytes { try openNonFinal(chunks, $0, emit: emit) }
                pending.removeAll(keepingCapacity: true)
            }
            if pending.isEmpty && rest.count > size {
                let end = rest.startIndex + size
                try openNonFinal(chunks, UnsafeRawBufferPointer(rebasing: rest[..<end]), emit: emit)
                rest = rest[end...]
                continue
            }
            let take = min(size - pending.count, rest.count)
            let end = rest.startIndex + take
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<end]))
            rest = rest[end...]
        }
    }

    /// Opens a full chunk that has ciphertext after it.
    private mutating func openNonFinal(
        _ chunks: ChunkCipher, _ sealed: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if try chunks.open(sealed, index: index, isFinal: false, emit: emit) {
            index += 1
            return
        }
        // Diagnose: a chunk that authenticates as the last one means bytes were appended.
        if try chunks.open(sealed, index: index, isFinal: true, emit: { _ in }) {
            throw FileCryptoError(.trailingData, chunk: index)
        }
        throw FileCryptoError(.authenticationFailed, chunk: index)
    }

    /// Opens the last chunk with the last-chunk flag. Throws `file.truncated` if the input ended
    /// inside the header, before any chunk, or at a chunk boundary before the last chunk.
    public mutating func finish(emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard state == .running else { throw FileCryptoError(.invalidState) }
        state = .failed
        guard let chunks else {
            throw FileCryptoError(.truncated, context: "header")
        }
        guard pending.count >= FileFormat.tagSize else {
            throw FileCryptoError(.truncated, chunk: index)
        }
        var plaintextCount = 0
        let ok = try pending.withUnsafeBytes { sealed in
            try chunks.open(sealed, index: index, isFinal: true) { plaintext in
                plaintextCount = plaintext.count
                if plaintext.isEmpty && index > 0 { return }
                try emit(plaintext)
            }
        }
        if ok {
            guard plaintextCount > 0 || index == 0 else { throw FileCryptoError(.emptyFinalChunk, chunk: index) }
            state = .finished
            pending.removeAll()
            return
        }
        if pending.count == FileFormat.sealedChunkSize,
           try pending.withUnsafeBytes({ try chunks.open($0, index: index, isFinal: false, emit: { _ in }) }) {
            // A valid non-final chunk at the end: the chunks after it were cut off.
            throw FileCryptoError(.truncated, chunk: index + 1)
        }
        throw FileCryptoError(.authenticationFailed, chunk: index)
    }
}
