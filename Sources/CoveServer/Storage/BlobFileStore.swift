#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Blob bytes as files: `DIRECTORY/xx/ID`, where `xx` is the id's first two characters (so no
/// directory grows too large). Used by the SQLite server with DIRECTORY = `--data`/blobs; the
/// database keeps the metadata. Chunks are written in place at their offset and fsynced before
/// the upload of that chunk is acknowledged; reads go through a 64 KiB buffer, never the whole
/// blob. The bytes are ciphertext made by clients: the server never sees keys.
///
/// Appends to one blob are serialised in this process (``withWriteLock(_:_:)``): with SQLite a
/// single server process owns the data directory.
public final class BlobFileStore: Sendable {
    public let directory: String
    private let locks = KeyedLocks()
    static let readPiece = 64 << 10

    public struct IOError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Blob ids are server-made base64url; anything else never reaches the file system.
    static func validID(_ id: String) -> Bool {
        (2...64).contains(id.utf8.count) && id.utf8.allSatisfy { c in
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
    }

    func path(_ id: String) throws -> (directory: String, file: String) {
        guard Self.validID(id) else { throw StoreError.unknownBlob }
        let shard = directory + "/" + String(id.prefix(2))
        return (shard, shard + "/" + id)
    }

    /// Runs `body` while no other append to blob `id` runs in this process.
    func withWriteLock<T: Sendable>(_ id: String, _ body: () async throws -> T) async throws -> T {
        await locks.lock(id)
        do {
            let value = try await body()
            await locks.unlock(id)
            return value
        } catch {
            await locks.unlock(id)
            throw error
        }
    }

    /// Writes `bytes` at `offset` of blob `id`'s file (created on first write) and fsyncs it (and,
    /// for a new file, its directory) before returning.
    func write(id: String, offset: Int64, bytes: [UInt8]) throws {
        let (shard, file) = try path(id)
        var created = false
        if !FileManager.default.fileExists(atPath: file) {
            try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            created = true
        }
        let fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw IOError(description: "cannot open a blob file (errno \(errno))") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(offset) + off_t(written))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(description: "blob write failed (errno \(errno))")
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw IOError(description: "blob fsync failed (errno \(errno))") }
        if created { Self.syncDirectory(shard); Self.syncDirectory(directory) }
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Streams `[offset, offset + length)` of blob `id` to `sink` in pieces of at most 64 KiB.
    func read(id: String, offset: Int64, length: Int64, into sink: ([UInt8]) async throws -> Void) async throws {
        let (_, file) = try path(id)
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError.corrupt("blob file missing") }
        defer { close(fd) }
        var position = offset
        let end = offset + length
        var buffer = [UInt8](repeating: 0, count: Self.readPiece)
        while position < end {
            let want = Int(min(Int64(Self.readPiece), end - position))
            let n = buffer.withUnsafeMutableBytes { raw in pread(fd, raw.baseAddress!, want, off_t(position)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(description: "blob read failed (errno \(errno))")
            }
            guard n > 0 else { throw StoreError.corrupt("blob file shorter than recorded") }
            try await sink(Array(buffer[0..<n]))
            position += Int64(n)
        }
    }

    /// Deletes blob `id`'s file if it exists.
    func delete(id: String) {
        guard let (_, file) = try? path(id) else { return }
        unlink(file)
    }

    /// Ids of every blob file (for sweeping files whose row is gone), with their modification
    /// time in Unix milliseconds.
    public func allFiles() -> [(id: String, modified: Int64)] {
        var out: [(String, Int64)] = []
        let fm = FileManager.default
        for shard in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: directory + "/" + shard)) ?? [] where Self.validID(name) {
                let attributes = try? fm.attributesOfItem(atPath: directory + "/" + shard + "/" + name)
                let modified = (attributes?[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
                out.append((name, modified))
            }
        }
        return out
    }
}

/// One async lock per key, created on demand and dropped when free.
actor KeyedLocks {
    private var held: [String: [CheckedContinuation<Void, Never>]] = [:]

    func lock(_ key: String) async {
        if held[key] == nil {
            held[key] = []
            return
        }
        await withCheckedContinuation { held[key, default: []].append($0) }
    }

    func unlock(_ key: String) {
        guard var waiters = held[key], !waiters.isEmpty else {
            held[key] = nil
            return
        }
        let next = waiters.removeFirst()
        held[key] = waiters
        next.resume()
    }
}
