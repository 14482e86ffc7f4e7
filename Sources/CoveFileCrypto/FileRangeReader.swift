/// Random access to an encrypted file on a seekable source: reads a plaintext byte range by
/// decrypting only the chunks that hold it.
///
/// Opening verifies the header's key commitment and then the last chunk (with its last-chunk
/// flag), so ``plaintextSize`` is authenticated: a truncated or extended file is rejected on
/// open, not silently shortened. Each range read authenticates every chunk it touches.
public struct FileRangeReader<Source: SeekableByteSource> {
    public let source: Source
    public let header: FileHeader
    /// The authenticated plaintext length.
    public let plaintextSize: UInt64
    private let chunks: ChunkCipher
    private let chunkCount: UInt64
    private let lastSealedSize: Int

    public init(key: FileKey, source: Source) throws {
        self.source = source
        let total = try source.size()
        var headerBytes = [UInt8](repeating: 0, count: FileFormat.headerSize)
        let got = try headerBytes.withUnsafeMutableBytes { try source.read(into: $0, at: 0) }
        guard got == FileFormat.headerSize else { throw FileCryptoError(.truncated, context: "header") }
        header = try FileHeader(parsing: headerBytes)
        chunks = try FileKeySchedule.open(header: header, fileKey: key)

        guard total >= UInt64(FileFormat.headerSize) else { throw FileCryptoError(.truncated, context: "header") }
        let payload = total - UInt64(FileFormat.headerSize)
        guard payload > 0 else { throw FileCryptoError(.truncated, chunk: 0) }
        let sealed = UInt64(FileFormat.sealedChunkSize)
        let count = (payload + sealed - 1) / sealed
        let lastSize = Int(payload - (count - 1) * sealed)
        guard count <= FileFormat.maxChunks else { throw FileCryptoError(.tooLarge) }
        chunkCount = count
        lastSealedSize = lastSize
        plaintextSize = (count - 1) * UInt64(FileFormat.chunkSize) + UInt64(max(0, lastSize - FileFormat.tagSize))
        try verifyEnd()
    }

    /// Checks the last chunk under the last-chunk flag and diagnoses failures like
    /// ``FileDecryptor`` does.
    private func verifyEnd() throws {
        let last = chunkCount - 1
        var buffer = [UInt8](repeating: 0, count: FileFormat.sealedChunkSize)
        var plaintextCount = 0
        if lastSealedSize >= FileFormat.tagSize {
            let ok = try buffer.withUnsafeMutableBytes { raw in
                let slice = UnsafeMutableRawBufferPointer(rebasing: raw[0..<lastSealedSize])
                try readChunk(last, into: slice)
                return try chunks.open(UnsafeRawBufferPointer(slice), index: last, isFinal: true) { plaintextCount = $0.count }
            }
            if ok {
                guard plaintextCount > 0 || last == 0 else { throw FileCryptoError(.emptyFinalChunk, chunk: last) }
                return
            }
            if lastSealedSize == FileFormat.sealedChunkSize,
               try buffer.withUnsafeBytes({ try chunks.open($0, index: last, isFinal: false, emit: { _ in }) }) {
                throw FileCryptoError(.truncated, chunk: last + 1)
            }
        }
        if last > 0 {
            // The file does not end on a valid last chunk. If the chunk before the tail is a
            // valid last chunk, bytes were appended; if it is a valid middle chunk and the tail
            // is too short to be a chunk, the file was cut.
            let previous = last - 1
            let asFinal = try buffer.withUnsafeMutableBytes { raw in
                try readChunk(previous, into: raw)
                return try chunks.open(UnsafeRawBufferPointer(raw), index: previous, isFinal: true, emit: { _ in })
            }
            if asFinal { throw FileCryptoError(.trailingData, chunk: previous) }
        }
        if lastSealedSize < FileFormat.tagSize { throw FileCryptoError(.truncated, chunk: last) }
        throw FileCryptoError(.authenticationFailed, chunk: last)
    }

    private func readChunk(_ index: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        let offset = UInt64(FileFormat.headerSize) + index * UInt64(FileFormat.sealedChunkSize)
        let got = try source.read(into: buffer, at: offset)
        guard got == buffer.count else { throw FileCryptoError(.truncated, chunk: index, context: "short read") }
    }

    /// Decrypts plaintext bytes `offset ..< offset + count`, clamped to the end of the file, and
    /// hands them to `emit` piece by piece (at most one chunk at a time). Throws
    /// `file.invalid_range` if `offset` is beyond the end.
    public func read(offset: UInt64, count: UInt64, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard offset <= plaintextSize else { throw FileCryptoError(.invalidRange) }
        let end = offset + min(count, plaintextSize - offset)
        guard end > offset else { return }
        let chunkSize = UInt64(FileFormat.chunkSize)
        let first = offset / chunkSize
        let last = (end - 1) / chunkSize
        var buffer = [UInt8](repeating: 0, count: FileFormat.sealedChunkSize)
        try buffer.withUnsafeMutableBytes { raw in
            for index in first...last {
                let isFinal = index == chunkCount - 1
                let sealedSize = isFinal ? lastSealedSize : FileFormat.sealedChunkSize
                let slice = UnsafeMutableRawBufferPointer(rebasing: raw[0..<sealedSize])
                try readChunk(index, into: slice)
                let chunkStart = index * chunkSize
                let from = Int(max(offset, chunkStart) - chunkStart)
                let to = Int(min(end, chunkStart + chunkSize) - chunkStart)
                let ok = try chunks.open(UnsafeRawBufferPointer(slice), index: index, isFinal: isFinal) { plaintext in
                    try emit(UnsafeRawBufferPointer(rebasing: plaintext[from..<min(to, plaintext.count)]))
                }
                guard ok else { throw FileCryptoError(.authenticationFailed, chunk: index) }
            }
        }
    }

    /// Decrypts plaintext bytes `offset ..< offset + count` (clamped to the end) into an array.
    public func read(offset: UInt64, count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        try read(offset: offset, count: UInt64(max(0, count))) { out.append(contentsOf: $0) }
        return out
    }
}

extension FileRangeReader: Sendable where Source: Sendable {}
