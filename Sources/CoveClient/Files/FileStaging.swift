#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CoveFileCrypto
import Crypto
import Foundation
import MLSCrypto

/// The local, synchronous half of file transfers: stat, encrypt a file into a staging file,
/// decrypt a downloaded file into place. Everything streams through fixed buffers (constant
/// memory whatever the file size). Errors are ``CoveClientError`` naming the operation and path,
/// never content or keys.
enum FileStaging {
    /// The fingerprint of a regular file.
    static func fingerprint(path: String) throws -> SourceFingerprint {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CoveClientError(.fileUnreadable, "cannot read \(path) (\(String(cString: strerror(errno))))",
                                  hint: "check the path and permissions")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw CoveClientError(.fileUnreadable, "\(path) is not a regular file", hint: "give the path of a file")
        }
        #if canImport(Darwin)
        let modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        return SourceFingerprint(size: Int64(info.st_size), modifiedNanoseconds: modified, inode: UInt64(info.st_ino),
                                 device: UInt64(info.st_dev))
    }

    struct Encrypted: Sendable {
        var sha256: String
        var plaintextSize: Int64
        var ciphertextSize: Int64
    }

    /// Encrypts `source` into a new `staging` file (0600, fsynced) under `key`, hashing the
    /// plaintext on the way.
    static func encrypt(source: String, to staging: String, key: FileKey) throws -> Encrypted {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw CoveClientError(.fileUnreadable, "cannot open \(source) (\(String(cString: strerror(errno))))",
                                  hint: "check the path and permissions")
        }
        defer { _ = close(input) }
        unlink(staging)
        let output = open(staging, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw localError("create", staging) }
        defer { _ = close(output) }
        var reader = HashingSource(FileDescriptorStream(fileDescriptor: input))
        var writer = CountingSink(FileDescriptorStream(fileDescriptor: output))
        do {
            try FileCrypto.encrypt(key: key, from: &reader, to: &writer)
        } catch let error as FileCryptoError {
            throw CoveClientError(.fileUnreadable, "cannot encrypt \(source) (\(error))", hint: "check the file and free disk space")
        }
        guard fsync(output) == 0 else { throw localError("fsync", staging) }
        return Encrypted(sha256: reader.hexDigest(), plaintextSize: reader.count, ciphertextSize: writer.count)
    }

    /// Decrypts the complete ciphertext `partial` under `reference.key` into a temporary file
    /// beside `destination`, checks the plaintext's size and SHA-256 against the reference, and
    /// only then renames it to `destination` (atomic; the directory is fsynced). On any failure
    /// the temporary file is removed and nothing appears at `destination`.
    static func decrypt(partial: String, reference: FileReference, to destination: String) throws {
        let key: FileKey
        do { key = try FileKey(SecretBytes(reference.key)) } catch {
            throw CoveClientError(.invalidFileReference, "the file reference's key is malformed")
        }
        let input = open(partial, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw localError("open", partial) }
        defer { _ = close(input) }
        let directory = (destination as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + (destination as NSString).lastPathComponent
            + ".cove-" + UUID().uuidString.lowercased().prefix(8)
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else {
            throw CoveClientError(.fileDestination, "cannot write in \(directory.isEmpty ? "." : directory) (\(String(cString: strerror(errno))))",
                                  hint: "check that the directory exists and is writable")
        }
        var renamed = false
        defer {
            _ = close(output)
            if !renamed { unlink(temporary) }
        }
        var reader = FileDescriptorStream(fileDescriptor: input)
        var writer = HashingSink(FileDescriptorStream(fileDescriptor: output))
        do {
            try FileCrypto.decrypt(key: key, from: &reader, to: &writer)
        } catch let error as FileCryptoError {
            throw CoveClientError.fromFileCrypto(error)
        }
        guard writer.count == reference.size else {
            throw CoveClientError(.fileMismatch, "the file has \(writer.count) bytes, the sender announced \(reference.size)",
                                  hint: "the sender's client may be faulty; ask them to send it again")
        }
        guard writer.hexDigest() == reference.sha256 else {
            throw CoveClientError(.fileMismatch, "the file's SHA-256 is not the one the sender announced",
                                  hint: "the sender's client may be faulty; ask them to send it again")
        }
        // The mode a new file would get (0666 minus the umask), not the 0600 of the temporary.
        let mask = umask(0)
        umask(mask)
        _ = fchmod(output, 0o666 & ~mask)
        guard fsync(output) == 0 else { throw localError("fsync", temporary) }
        guard rename(temporary, destination) == 0 else {
            throw CoveClientError(.fileDestination, "cannot move the file to \(destination) (\(String(cString: strerror(errno))))",
                                  hint: "check that the destination is writable")
        }
        renamed = true
        let dir = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            _ = close(dir)
        }
    }

    static func localError(_ operation: String, _ path: String) -> CoveClientError {
        CoveClientError(.fileDestination, "cannot \(operation) \(path) (\(String(cString: strerror(errno))))",
                        hint: "check free disk space and permissions of the home directory")
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

/// A source that hashes (SHA-256) and counts what passes through it.
struct HashingSource<Base: ByteSource>: ByteSource {
    var base: Base
    var hasher = SHA256()
    var count: Int64 = 0
    init(_ base: Base) { self.base = base }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = try base.read(into: buffer)
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        count += Int64(n)
        return n
    }

    func hexDigest() -> String { FileStaging.hex(hasher.finalize()) }
}

/// A sink that hashes (SHA-256) and counts what passes through it.
struct HashingSink<Base: ByteSink>: ByteSink {
    var base: Base
    var hasher = SHA256()
    var count: Int64 = 0
    init(_ base: Base) { self.base = base }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        hasher.update(bufferPointer: bytes)
        count += Int64(bytes.count)
    }

    func hexDigest() -> String { FileStaging.hex(hasher.finalize()) }
}

/// A sink that counts what passes through it.
struct CountingSink<Base: ByteSink>: ByteSink {
    var base: Base
    var count: Int64 = 0
    init(_ base: Base) { self.base = base }

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try base.write(bytes)
        count += Int64(bytes.count)
    }
}

// File-scope wrappers: inside `CoveClient`, `open`/`close` name its own methods.
func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }
func posixClose(_ fd: Int32) { _ = close(fd) }
