/// Writes values in the TLS presentation language with RFC 9420's variable-length vectors.
public struct MLSWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Raw bytes with no length prefix (fixed-size fields).
    public mutating func writeRaw<C: Collection>(_ raw: C) where C.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// The minimal RFC 9420 §2.1.2 varint encoding of `value`.
    ///
    /// - Precondition: `value <= MLSLimits.maxVarint`. Encoders only ever pass lengths of
    ///   in-memory values bounded far below that, so exceeding it is a programming error.
    public mutating func writeVarint(_ value: Int) {
        precondition(value >= 0 && UInt64(value) <= MLSLimits.maxVarint, "varint out of range")
        switch value {
        case 0..<0x40:
            bytes.append(UInt8(value))
        case 0x40..<0x4000:
            write(UInt16(value) | 0x4000)
        default:
            write(UInt32(value) | 0x8000_0000)
        }
    }

    /// `opaque field<V>`: a varint length then the bytes.
    public mutating func writeOpaque<C: Collection>(_ value: C) where C.Element == UInt8 {
        writeVarint(value.count)
        bytes.append(contentsOf: value)
    }

    /// A vector whose body `body` writes; the varint length prefix is filled in afterwards.
    public mutating func writeVector(_ body: (inout MLSWriter) -> Void) {
        var inner = MLSWriter()
        body(&inner)
        writeOpaque(inner.bytes)
    }

    /// The same bytes as ``writeVector(_:)``, but `body` writes straight into this buffer and
    /// the varint length is then inserted before it, a move within the buffer instead of a
    /// second buffer and a copy. For large bodies in a writer reserved big enough for them.
    public mutating func writeVectorInPlace(_ body: (inout MLSWriter) -> Void) {
        let start = bytes.count
        var inner = MLSWriter(reservingCapacity: 0)
        swap(&inner.bytes, &bytes)
        body(&inner)
        swap(&inner.bytes, &bytes)
        var prefix = MLSWriter(reservingCapacity: 4)
        prefix.writeVarint(bytes.count - start)
        bytes.insert(contentsOf: prefix.bytes, at: start)
    }

    /// `T field<V>` for a list of encodable elements.
    public mutating func writeVector<T: MLSEncodable>(_ elements: [T]) {
        writeVector { w in
            for element in elements { element.encode(to: &w) }
        }
    }

    /// `optional<T>`: a presence byte then the value.
    public mutating func writeOptional<T: MLSEncodable>(_ value: T?) {
        if let value {
            write(UInt8(1))
            value.encode(to: &self)
        } else {
            write(UInt8(0))
        }
    }

    public mutating func write<T: MLSEncodable>(_ value: T) { value.encode(to: &self) }
}
