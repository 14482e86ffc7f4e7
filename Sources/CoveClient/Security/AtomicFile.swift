import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file writes for small files (key files, configuration): the bytes go to a
/// temporary file in the same directory, which is fsynced, then moved into place and the
/// directory fsynced. A reader sees the old file or the new one, never a torn one, and after a
/// successful return the new one survives a power loss.
public enum AtomicFile {
    /// Writes `bytes` to `url` with `permissions` (e.g. `0o600`).
    ///
    /// - Parameter replace: when false, fails with `store.already_initialized` if `url` exists
    ///   (the move is a `link(2)`, which never overwrites, so two racing writers cannot both win).
    /// - Throws: `store.io` naming the failed operation (never the contents).
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t, replace: Bool) throws {
        let directory = url.deletingLastPathComponent().path
        let path = url.path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-" + randomSuffix()

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw ioError("create", path) }
        var closed = false
        defer {
            if !closed { _ = close(fd) }
        }
        var linked = false
        defer {
            // On failure the temporary must not linger; on success (link) it is the second name.
            if !linked || !replace { _ = unlink(temporary) }
        }
        // open(2)'s mode is filtered by the umask; set it exactly.
        guard fchmod(fd, permissions) == 0 else { throw ioError("chmod", path) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                posixWrite(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ioError("write", path) }
            written += n
        }
        guard fsync(fd) == 0 else { throw ioError("fsync", path) }
        closed = true
        guard close(fd) == 0 else { throw ioError("close", path) }

        if replace {
            guard rename(temporary, path) == 0 else { throw ioError("rename", path) }
            linked = true
        } else {
            if link(temporary, path) != 0 {
                let linkError = errno
                if linkError == EEXIST { throw alreadyExists(path) }
                // File systems without hard links: check, then rename (a race window remains).
                guard linkError == EPERM || linkError == EOPNOTSUPP || linkError == ENOTSUP else {
                    throw ioError("link", path)
                }
                guard access(path, F_OK) != 0 else { throw alreadyExists(path) }
                guard rename(temporary, path) == 0 else { throw ioError("rename", path) }
                linked = true
            }
        }
        try syncDirectory(directory)
    }

    private static func alreadyExists(_ path: String) -> CoveClientError {
        CoveClientError(.storeAlreadyInitialized, "\(path) already exists",
                        hint: "this home directory is already initialized; use another --home")
    }

    /// fsyncs a directory so a rename or link in it is durable.
    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("open directory", directory) }
        defer { _ = close(fd) }
        guard fsync(fd) == 0 else { throw ioError("fsync directory", directory) }
    }

    private static func randomSuffix() -> String {
        (0..<8).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()
    }

    static func ioError(_ operation: String, _ path: String) -> CoveClientError {
        let reason = String(cString: strerror(errno))
        return CoveClientError(.storeIO, "\(operation) \(path) failed: \(reason)",
                               hint: "check that the home directory exists and is writable")
    }
}

/// POSIX write(2), named apart from ``AtomicFile/write(_:to:permissions:replace:)``.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
