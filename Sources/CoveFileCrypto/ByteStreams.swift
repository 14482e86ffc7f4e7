/// A sequential source of bytes (a pipe, a file, a socket).
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 only at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A sequential destination of bytes.
public protocol ByteSink {
    /// Writes all of `bytes`.
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A source that can be read at any offset (a regular file, an in-memory buffer, an HTTP range
/// client).
public protocol SeekableByteSource {
    /// Total length in bytes.
    func size() throws -> UInt64
    /// Reads up to `buffer.count` bytes at `offset`; returns fewer only at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int
}
