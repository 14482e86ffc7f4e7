/// An in-memory byte buffer usable as every kind of source and sink: for tests, small files and
/// data already held in memory.
public struct ByteBuffer: ByteSource, ByteSink, SeekableByteSource, Sendable {
    public private(set) var bytes: [UInt8]
    private var readOffset = 0

    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - readOffset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[readOffset..<(readOffset + n)]))
        }
        readOffset += n
        return n
    }

    public mutating func write(_ data: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: data)
    }

    public func size() throws -> UInt64 { UInt64(bytes.count) }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
        guard offset < UInt64(bytes.count) else { return 0 }
        let start = Int(offset)
        let n = min(buffer.count, bytes.count - start)
        bytes.withUnsafeBytes { src in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[start..<(start + n)]))
        }
        return n
    }
}
