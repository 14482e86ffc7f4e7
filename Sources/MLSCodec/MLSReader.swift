/// Reads the TLS presentation language strictly and within ``MLSLimits``.
///
/// Every read checks bounds first and throws ``CodecError`` on short, non-minimal or
/// over-long input, so no input can trap.
public struct MLSReader: Sendable {
    @usableFromInline let storage: [UInt8]
    @usableFromInline var position: Int
    @usableFromInline let end: Int
    @usableFromInline var depth: Int

    public init(_ bytes: [UInt8]) {
        storage = bytes
        position = 0
        end = bytes.count
        depth = 0
    }

    private init(storage: [UInt8], position: Int, end: Int, depth: Int) {
        self.storage = storage
        self.position = position
        self.end = end
        self.depth = depth
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position == end }

    /// Throws ``CodecError/Code/trailingBytes`` unless every byte was consumed.
    public func finish(_ context: String = "") throws(CodecError) {
        guard isAtEnd else { throw CodecError(.trailingBytes, context) }
    }

    public mutating func readUInt8() throws(CodecError) -> UInt8 {
        guard position < end else { throw CodecError(.truncated, "uint8") }
        defer { position += 1 }
        return storage[position]
    }

    public mutating func readUInt16() throws(CodecError) -> UInt16 {
        let raw = try readFixed(2)
        return UInt16(raw[raw.startIndex]) << 8 | UInt16(raw[raw.startIndex + 1])
    }

    public mutating func readUInt32() throws(CodecError) -> UInt32 {
        let raw = try readFixed(4)
        return raw.reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func readUInt64() throws(CodecError) -> UInt64 {
        let raw = try readFixed(8)
        return raw.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A TLS `bool`: exactly 0 or 1.
    public mutating func readBool() throws(CodecError) -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        default: throw CodecError(.invalidValue, "bool")
        }
    }

    /// `count` raw bytes (a fixed-size field).
    public mutating func readFixed(_ count: Int) throws(CodecError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw CodecError(.truncated, "fixed") }
        defer { position += count }
        return storage[position..<position + count]
    }

    /// An RFC 9420 §2.1.2 varint, rejecting non-minimal encodings and the `11` prefix.
    public mutating func readVarint() throws(CodecError) -> Int {
        let first = try readUInt8()
        let prefix = first >> 6
        var value = UInt64(first & 0x3f)
        let length: Int
        switch prefix {
        case 0: length = 1
        case 1: length = 2
        case 2: length = 4
        default: throw CodecError(.invalidVarint, "varint")
        }
        for _ in 1..<length {
            value = value << 8 | UInt64(try readUInt8())
        }
        let minimal: Int = value < 0x40 ? 1 : (value < 0x4000 ? 2 : 4)
        guard minimal == length else { throw CodecError(.nonMinimalVarint, "varint") }
        return Int(value)
    }

    /// `opaque field<V>` of at most `maxLength` bytes.
    public mutating func readOpaque(maxLength: Int = MLSLimits.maxVectorLength) throws(CodecError) -> [UInt8] {
        let length = try readVarint()
        guard length <= maxLength else { throw CodecError(.lengthLimitExceeded, "opaque") }
        return Array(try readFixed(length))
    }

    /// A vector of at most `maxLength` bytes whose body `body` decodes from a sub-reader that
    /// must be consumed exactly.
    public mutating func readVector<T>(
        maxLength: Int = MLSLimits.maxVectorLength,
        _ body: (inout MLSReader) throws(CodecError) -> T
    ) throws(CodecError) -> T {
        let length = try readVarint()
        guard length <= maxLength else { throw CodecError(.lengthLimitExceeded, "vector") }
        guard length <= remaining else { throw CodecError(.truncated, "vector") }
        guard depth < MLSLimits.maxNestingDepth else { throw CodecError(.nestingTooDeep, "vector") }
        var inner = MLSReader(storage: storage, position: position, end: position + length, depth: depth + 1)
        let value = try body(&inner)
        try inner.finish("vector")
        position += length
        return value
    }

    /// `T field<V>`: elements decoded until the vector's bytes are used up.
    public mutating func readVector<T: MLSDecodable>(
        of type: T.Type = T.self,
        maxLength: Int = MLSLimits.maxVectorLength,
        maxCount: Int = MLSLimits.maxListCount
    ) throws(CodecError) -> [T] {
        try readVector(maxLength: maxLength) { (r: inout MLSReader) throws(CodecError) -> [T] in
            var elements: [T] = []
            while !r.isAtEnd {
                guard elements.count < maxCount else { throw CodecError(.lengthLimitExceeded, "list") }
                elements.append(try T(from: &r))
            }
            return elements
        }
    }

    /// `optional<T>`: a presence byte of exactly 0 or 1, then the value.
    public mutating func readOptional<T: MLSDecodable>(_ type: T.Type = T.self) throws(CodecError) -> T? {
        switch try readUInt8() {
        case 0: return nil
        case 1: return try T(from: &self)
        default: throw CodecError(.invalidValue, "optional")
        }
    }

    public mutating func read<T: MLSDecodable>(_ type: T.Type = T.self) throws(CodecError) -> T {
        try T(from: &self)
    }
}
