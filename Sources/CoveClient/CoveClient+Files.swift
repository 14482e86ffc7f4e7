#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CoveFileCrypto
import CoveProtocol
import Crypto
import Foundation
import MLSCrypto
import NIOCore

/// Encrypted file transfers (issue 5, docs/file-format.md): a file is encrypted once under a
/// fresh key into a staging file in the home directory, whose ciphertext is uploaded in chunks;
/// a download fetches the ciphertext by byte ranges into a partial file, then decrypts it into
/// place. Both keep their state (with the file key, sealed) in the store before acting on it, so
/// a transfer killed at any point continues when started again with the same arguments. Memory
/// is constant: one chunk (1 MiB) or one network piece at a time, never the file.
extension CoveClient {
    /// Bytes per upload request (the server's default chunk limit).
    static let uploadChunkSize = 1 << 20
    /// Bytes per ranged download request.
    static let downloadRangeSize: Int64 = 16 << 20

    func attachHome(_ home: String) { homeDirectory = home }

    /// Encrypts the file (fresh key, CoveFileCrypto format) and uploads it in chunks; resumable:
    /// calling it again for the same path after an interruption continues the same upload (state
    /// in the store). The blob stays loose (garbage-collected after the server's grace period)
    /// until a message references it or it is pinned.
    ///
    /// - Throws: ``CoveClientError`` `file.unreadable`, `file.changed` (the file changed while it
    ///   was encrypted), `file.too_large` (size limit or quota), `server.unreachable`, ...
    public func uploadFile(at path: String, progress: (@Sendable (TransferProgress) -> Void)?) async throws -> FileReference {
        try await uploadFile(at: path, options: TransferOptions(), progress: progress)
    }

    /// ``uploadFile(at:progress:)`` with options (rate limit).
    public func uploadFile(at path: String, options: TransferOptions,
                           progress: (@Sendable (TransferProgress) -> Void)?) async throws -> FileReference {
        guard !closed else { throw CoveClientError(.storeUnavailable, "the client is closed") }
        let source = Self.absolutePath(path)
        let fingerprint = try FileStaging.fingerprint(path: source)
        let id = "upload-" + FileStaging.hex(SHA256.hash(data: Array(source.utf8)))
        var state = try await loadTransfer(id, as: UploadState.self)
        if let current = state, current.fingerprint != fingerprint || current.phase == UploadState.encrypting {
            // The file changed since, or the encryption was cut short: start over (fresh key and
            // salt; a half-written staging file is never continued).
            unlink(current.staging)
            state = nil
        }
        for _ in 0..<3 {
            if state == nil { state = try await encryptForUpload(id: id, source: source, fingerprint: fingerprint) }
            guard var current = state, let size = current.ciphertextSize else { break }
            if current.blobId == nil {
                let created: BlobStatus = try await blobCall { token in
                    try await self.api.call(.POST, "/v1/blobs", CreateBlobRequest(size: size), token: token)
                }
                current.blobId = created.blobId
                current.phase = UploadState.uploading
                try await saveTransfer(id, kind: "upload", current)
            }
            switch try await sendChunks(current, options: options, progress: progress) {
            case .complete:
                let reference = try Self.reference(for: current)
                try await store.apply(StoreBatch([.deleteTransfer(id: id)]))
                unlink(current.staging)
                progress?(TransferProgress(done: reference.size, total: reference.size))
                return reference
            case .blobGone:
                // Collected or lost on the server: upload the same ciphertext to a new blob.
                current.blobId = nil
                try await saveTransfer(id, kind: "upload", current)
                state = current
            case .stagingGone:
                unlink(current.staging)
                state = nil
            }
        }
        throw CoveClientError(.serverError, "the upload could not be completed", hint: "run the same command again")
    }

    /// Downloads (resumable: a partial file and its state survive a kill), decrypts, verifies the
    /// SHA-256 and size, then moves the result to `path` atomically. Nothing appears at `path`
    /// unless the whole file authenticated and matched.
    ///
    /// - Throws: ``CoveClientError`` `file.missing`, `file.incomplete`, `file.wrong_key`,
    ///   `file.truncated`, `file.tampered`, `file.mismatch`, `file.destination`, ...
    public func downloadFile(_ ref: FileReference, to path: String, progress: (@Sendable (TransferProgress) -> Void)?) async throws {
        try await downloadFile(ref, to: path, options: TransferOptions(), progress: progress)
    }

    /// ``downloadFile(_:to:progress:)`` with options (rate limit).
    public func downloadFile(_ ref: FileReference, to path: String, options: TransferOptions,
                             progress: (@Sendable (TransferProgress) -> Void)?) async throws {
        guard !closed else { throw CoveClientError(.storeUnavailable, "the client is closed") }
        guard ref.isWellFormed else {
            throw CoveClientError(.invalidFileReference, "the file reference is malformed", hint: "ask the sender to send the file again")
        }
        let destination = Self.absolutePath(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CoveClientError(.fileDestination, "\(destination) is a directory", hint: "give the path of the file to write")
        }
        let id = "download-" + FileStaging.hex(SHA256.hash(data: Array((ref.blobId + "\n" + destination).utf8)))
        var state = try await loadTransfer(id, as: DownloadState.self)
        if let current = state, current.reference != ref {
            unlink(current.partial)
            state = nil
        }
        if state == nil {
            state = DownloadState(reference: ref, destination: destination, partial: try transferDirectory() + "/" + id + ".part")
            if let state { try await saveTransfer(id, kind: "download", state) }
        }
        guard let state else { return }
        let total = Int64(FileFormat.ciphertextSize(plaintextSize: UInt64(ref.size)))
        do {
            try await fetchCiphertext(state, size: total, options: options, progress: progress)
            try await Task.detached { try FileStaging.decrypt(partial: state.partial, reference: ref, to: destination) }.value
        } catch let error as CoveClientError where Self.permanentDownloadFailures.contains(error.code) {
            // The ciphertext is bad or gone: drop it, so that running the command again starts afresh.
            try await store.apply(StoreBatch([.deleteTransfer(id: id)]))
            unlink(state.partial)
            throw error
        }
        try await store.apply(StoreBatch([.deleteTransfer(id: id)]))
        unlink(state.partial)
        progress?(TransferProgress(done: ref.size, total: ref.size))
    }

    /// Failures that retrying the same bytes cannot fix (unlike a broken connection or a full disk).
    static let permanentDownloadFailures: Set<CoveClientError.Code> = [
        .fileWrongKey, .fileTruncated, .fileTampered, .fileMismatch, .fileMissing, .invalidFileReference,
    ]

    // MARK: Upload internals

    /// Writes the upload's state (with a fresh key), then encrypts the file to the staging file.
    private func encryptForUpload(id: String, source: String, fingerprint: SourceFingerprint) async throws -> UploadState {
        let key = FileKey.generate()
        let staging = try transferDirectory() + "/" + id + ".cove"
        var state = UploadState(source: source, fingerprint: fingerprint, key: Data(key.secret.exposedBytes), staging: staging,
                                phase: UploadState.encrypting)
        try await saveTransfer(id, kind: "upload", state)
        let encrypted = try await Task.detached { try FileStaging.encrypt(source: source, to: staging, key: key) }.value
        guard (try? FileStaging.fingerprint(path: source)) == fingerprint, encrypted.plaintextSize == fingerprint.size else {
            try await store.apply(StoreBatch([.deleteTransfer(id: id)]))
            unlink(staging)
            throw CoveClientError(.fileChanged, "\(source) changed while it was being encrypted", hint: "send it again once it no longer changes")
        }
        state.phase = UploadState.encrypted
        state.sha256 = encrypted.sha256
        state.plaintextSize = encrypted.plaintextSize
        state.ciphertextSize = encrypted.ciphertextSize
        try await saveTransfer(id, kind: "upload", state)
        return state
    }

    private enum ChunkOutcome { case complete, blobGone, stagingGone }

    /// Sends the staged ciphertext from the server's `received` offset to the end.
    private func sendChunks(_ state: UploadState, options: TransferOptions,
                            progress: (@Sendable (TransferProgress) -> Void)?) async throws -> ChunkOutcome {
        guard let blobId = state.blobId, let size = state.ciphertextSize, let plain = state.plaintextSize else { return .stagingGone }
        var status: BlobStatus
        do {
            status = try await blobCall { token in try await self.api.call(.GET, "/v1/blobs/\(blobId)", json: nil, token: token) }
        } catch let error as CoveClientError where error.code == .fileMissing {
            return .blobGone
        }
        if status.size != size { return .blobGone }
        if status.complete { return .complete }
        let fd = posixOpen(state.staging, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .stagingGone }
        defer { posixClose(fd) }
        guard let staged = try? FileDescriptorStream(fileDescriptor: fd).size(), staged == UInt64(size) else { return .stagingGone }
        var limiter = RateLimiter(bytesPerSecond: options.rateLimit)
        let chunk = limiter.pieceSize(maximum: Self.uploadChunkSize)
        var buffer = [UInt8](repeating: 0, count: chunk)
        progress?(TransferProgress(done: Self.scaled(status.received, size, plain), total: plain))
        while !status.complete && status.received < size {
            let offset = status.received
            let count = Int(min(Int64(chunk), size - offset))
            let read = try buffer.withUnsafeMutableBytes { raw in
                try FileDescriptorStream(fileDescriptor: fd).read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), at: UInt64(offset))
            }
            guard read == count else { return .stagingGone }
            let bytes = ByteBuffer(bytes: buffer[0..<count])
            do {
                status = try await blobCall { token in try await self.api.putChunk(blobId: blobId, offset: offset, bytes: bytes, token: token) }
            } catch let error as CoveClientError where error.code == .fileIncomplete {
                // Out of order: an earlier answer was lost after the server stored the chunk. Ask where it is.
                status = try await blobCall { token in try await self.api.call(.GET, "/v1/blobs/\(blobId)", json: nil, token: token) }
                if status.received == offset { throw error }
            } catch let error as CoveClientError where error.code == .fileMissing {
                return .blobGone
            }
            progress?(TransferProgress(done: Self.scaled(status.received, size, plain), total: plain))
            try await limiter.pace(count)
        }
        return .complete
    }

    static func scaled(_ received: Int64, _ ciphertext: Int64, _ plaintext: Int64) -> Int64 {
        guard ciphertext > 0 else { return 0 }
        return Int64((Double(received) / Double(ciphertext) * Double(plaintext)).rounded(.down))
    }

    static func reference(for state: UploadState) throws -> FileReference {
        guard let blobId = state.blobId, let sha = state.sha256, let size = state.plaintextSize else {
            throw CoveClientError(.corruptStore, "an upload's state in the store is incomplete")
        }
        return FileReference(blobId: blobId, key: Array(state.key), name: sentName(state.source), size: size, sha256: sha)
    }

    /// The name a file is sent under: the last path component, control characters replaced,
    /// at most 255 UTF-8 bytes.
    static func sentName(_ path: String) -> String {
        var name = String(String.UnicodeScalarView((path as NSString).lastPathComponent.unicodeScalars.map {
            $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F ? "_" : $0
        }))
        while name.utf8.count > 255 { name.removeFirst() }
        return FileReference.isPlainName(name) ? name : "file"
    }

    // MARK: Download internals

    /// Appends the missing ciphertext to the partial file, by ranges.
    private func fetchCiphertext(_ state: DownloadState, size: Int64, options: TransferOptions,
                                 progress: (@Sendable (TransferProgress) -> Void)?) async throws {
        let fd = posixOpen(state.partial, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileStaging.localError("create", state.partial) }
        defer { posixClose(fd) }
        var offset = Int64(lseek(fd, 0, SEEK_END))
        if offset > size {
            guard ftruncate(fd, 0) == 0 else { throw FileStaging.localError("truncate", state.partial) }
            offset = 0
        }
        let plain = state.reference.size
        guard offset < size else { return }
        let blobId = state.reference.blobId
        let status: BlobStatus = try await blobCall { token in try await self.api.call(.GET, "/v1/blobs/\(blobId)", json: nil, token: token) }
        guard status.complete else {
            throw CoveClientError(.fileIncomplete, "the sender's upload of this file has not finished", hint: "try again later")
        }
        guard status.size == size else {
            throw CoveClientError(.fileTampered, "the server holds \(status.size) bytes for this file, \(size) were announced",
                                  hint: "the file was altered on the server; ask the sender to send it again")
        }
        var limiter = RateLimiter(bytesPerSecond: options.rateLimit)
        let range = Int64(limiter.pieceSize(maximum: Int(Self.downloadRangeSize)))
        var sink = FileDescriptorStream(fileDescriptor: fd)
        progress?(TransferProgress(done: Self.scaled(offset, size, plain), total: plain))
        while offset < size {
            let start = offset
            let length = min(range, size - offset)
            let body = try await blobCall { token in try await self.api.contentBody(blobId: blobId, offset: start, length: length, token: token) }
            do {
                for try await piece in body {
                    let count = min(Int64(piece.readableBytes), size - offset)
                    guard count > 0 else { break }
                    do {
                        try piece.withUnsafeReadableBytes { try sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<Int(count)])) }
                    } catch {
                        throw FileStaging.localError("write", state.partial)
                    }
                    offset += count
                    progress?(TransferProgress(done: Self.scaled(offset, size, plain), total: plain))
                    try await limiter.pace(Int(count))
                }
            } catch let error as CoveClientError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The connection broke mid-answer: keep what arrived, ask for the rest.
            }
            if offset == start {
                throw CoveClientError(.serverUnreachable, "the download from \(api.baseURL) stalled", hint: "run the same command again to resume")
            }
        }
        guard fsync(fd) == 0 else { throw FileStaging.localError("fsync", state.partial) }
    }

    // MARK: State and helpers

    /// HOME/transfers (0700): staged ciphertext of uploads, partial ciphertext of downloads.
    func transferDirectory() throws -> String {
        let base = homeDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("cove-\(identity.deviceId)").path
        let directory = (base as NSString).appendingPathComponent("transfers")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CoveClientError(.storeUnavailable, "cannot create \(directory)", hint: "check that the home directory is writable")
        }
        return directory
    }

    func loadTransfer<T: Decodable>(_ id: String, as type: T.Type) async throws -> T? {
        guard let record = try await store.transfer(id: id) else { return nil }
        let plain = try sealer.open(record.sealedState, associatedData: SealContext.transfer(id))
        do { return try JSONDecoder().decode(T.self, from: Data(plain)) } catch {
            throw CoveClientError(.corruptStore, "a transfer's state in the store is damaged")
        }
    }

    func saveTransfer<T: Encodable>(_ id: String, kind: String, _ state: T) async throws {
        let sealed = try sealer.seal(Array(try JSONEncoder().encode(state)), associatedData: SealContext.transfer(id))
        try await store.apply(StoreBatch([.putTransfer(TransferRecord(id: id, kind: kind, sealedState: sealed, updatedAt: Self.nowMillis))]))
    }

    /// A blob call with this device's token: logs in again once if the token expired, waits
    /// out rate limiting, and turns the server's refusals into file errors.
    func blobCall<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        var relogged = false
        var waits = 0
        while true {
            let current: String
            if let token { current = token } else { current = try await login() }
            do {
                return try await body(current)
            } catch let failure as APIFailure where failure.code == .unauthenticated && !relogged {
                relogged = true
                token = nil
            } catch let failure as APIFailure where failure.code == .rateLimited && waits < 20 {
                waits += 1
                try await Task.sleep(for: .seconds(min(max(failure.body.retryAfter ?? 1, 1), 5)))
            } catch let failure as APIFailure {
                throw CoveClientError.fromBlob(failure)
            }
        }
    }

    static func absolutePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}

extension SealContext {
    static func transfer(_ id: String) -> [UInt8] { Array("cove-client-v1/transfer/".utf8) + Array(id.utf8) }
    static func file(_ id: String) -> [UInt8] { Array("cove-client-v1/file/".utf8) + Array(id.utf8) }
}
