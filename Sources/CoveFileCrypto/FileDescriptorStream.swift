#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A POSIX file descriptor as a byte source, sink and (for regular files) seekable source.
/// It does not own the descriptor: the caller opens and closes it.
public struct FileDescriptorStream: ByteSource, ByteSink, SeekableByteSource, Sendable {
    public let fileDescriptor: Int32

    public init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    /// Uses a `FileHandle`'s descriptor; the handle must outlive this stream.
    public init(_ handle: FileHandle) { self.fileDescriptor = handle.fileDescriptor }

    private static func ioError(_ operation: String) -> FileCryptoError {
        FileCryptoError(.io, context: "\(operation): errno \(errno)")
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fileDescriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw Self.ioError("read") }
        }
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(fileDescriptor, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.ioError("write")
            }
            left -= n
            base += n
        }
    }

    public func size() throws -> UInt64 {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { throw Self.ioError("fstat") }
        return UInt64(info.st_size)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fileDescriptor, base + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.ioError("pread")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }
}

// File-scope wrappers: inside the struct, `read`/`write` name its own methods.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
