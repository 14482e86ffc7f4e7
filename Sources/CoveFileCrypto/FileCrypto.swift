/// Whole-stream operations over sources and sinks, built on ``FileEncryptor`` and
/// ``FileDecryptor``. All run in constant memory (a 256 KiB read buffer and one pending chunk).
public enum FileCrypto {
    /// Size of the read buffer used by the streaming functions.
    public static let readBufferSize = 4 * FileFormat.chunkSize

    /// Encrypts everything `source` yields into `sink`.
    public static func encrypt<Source: ByteSource, Sink: ByteSink>(
        key: FileKey, cipher: FileCipher = .aes256GCM, from source: inout Source, to sink: inout Sink
    ) throws {
        var encryptor = FileEncryptor(key: key, cipher: cipher)
        try pump(from: &source) { piece in try encryptor.update(piece) { try sink.write($0) } }
        try encryptor.finish { try sink.write($0) }
    }

    /// Decrypts everything `source` yields into `sink`. The plaintext written to `sink` is
    /// authentic only if this returns without throwing (see ``FileDecryptor``).
    public static func decrypt<Source: ByteSource, Sink: ByteSink>(
        key: FileKey, from source: inout Source, to sink: inout Sink
    ) throws {
        var decryptor = FileDecryptor(key: key)
        try pump(from: &source) { piece in try decryptor.update(piece) { try sink.write($0) } }
        try decryptor.finish { try sink.write($0) }
    }

    /// Encrypts an in-memory plaintext.
    public static func encrypt(_ plaintext: [UInt8], key: FileKey, cipher: FileCipher = .aes256GCM) throws -> [UInt8] {
        var out = ByteBuffer()
        var encryptor = FileEncryptor(key: key, cipher: cipher)
        try encryptor.update(plaintext) { try out.write($0) }
        try encryptor.finish { try out.write($0) }
        return out.bytes
    }

    /// Decrypts an in-memory ciphertext.
    public static func decrypt(_ ciphertext: [UInt8], key: FileKey) throws -> [UInt8] {
        var out = ByteBuffer()
        var decryptor = FileDecryptor(key: key)
        try decryptor.update(ciphertext) { try out.write($0) }
        try decryptor.finish { try out.write($0) }
        return out.bytes
    }

    /// Encrypts an asynchronous sequence of byte pieces (e.g. a network body), emitting
    /// ciphertext as it is produced.
    public static func encrypt<Pieces: AsyncSequence>(
        key: FileKey, cipher: FileCipher = .aes256GCM, pieces: Pieces,
        emit: (UnsafeRawBufferPointer) throws -> Void
    ) async throws where Pieces.Element == [UInt8] {
        var encryptor = FileEncryptor(key: key, cipher: cipher)
        for try await piece in pieces { try encryptor.update(piece, emit: emit) }
        try encryptor.finish(emit: emit)
    }

    /// Decrypts an asynchronous sequence of byte pieces (e.g. a download), emitting plaintext
    /// that is authentic only once this returns.
    public static func decrypt<Pieces: AsyncSequence>(
        key: FileKey, pieces: Pieces, emit: (UnsafeRawBufferPointer) throws -> Void
    ) async throws where Pieces.Element == [UInt8] {
        var decryptor = FileDecryptor(key: key)
        for try await piece in pieces { try decryptor.update(piece, emit: emit) }
        try decryptor.finish(emit: emit)
    }

    /// Reads `source` to its end through one reused buffer.
    private static func pump<Source: ByteSource>(
        from source: inout Source, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readBufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
