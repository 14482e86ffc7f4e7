import MLSCodec
import Testing

@Suite struct VarintTests {
    @Test("minimal encodings round-trip", arguments: [0, 1, 63, 64, 16383, 16384, 1_073_741_823])
    func roundTrip(_ value: Int) throws {
        var w = MLSWriter()
        w.writeVarint(value)
        var r = MLSReader(w.bytes)
        #expect(try r.readVarint() == value)
        #expect(r.isAtEnd)
        #expect(w.bytes.count == (value < 64 ? 1 : value < 16384 ? 2 : 4))
    }

    @Test("non-minimal encodings are rejected", arguments: [[0x40, 0x25], [0x80, 0x00, 0x00, 0x25], [0x80, 0x00, 0x3f, 0xff]] as [[UInt8]])
    func nonMinimal(_ bytes: [UInt8]) {
        var r = MLSReader(bytes)
        #expect(throws: CodecError(.nonMinimalVarint, "varint")) { try r.readVarint() }
    }

    @Test("the 0b11 prefix is rejected")
    func reservedPrefix() {
        var r = MLSReader([0xc0, 0, 0, 0, 0, 0, 0, 1])
        #expect(throws: CodecError(.invalidVarint, "varint")) { try r.readVarint() }
    }

    @Test("truncated input throws instead of trapping", arguments: [[], [0x40], [0x80, 0, 0]] as [[UInt8]])
    func truncated(_ bytes: [UInt8]) {
        var r = MLSReader(bytes)
        #expect(throws: CodecError.self) { try r.readVarint() }
    }
}

@Suite struct VectorTests {
    @Test("over-long vectors are rejected before allocation")
    func overLong() {
        var w = MLSWriter()
        w.writeVarint(1000)
        w.writeRaw([UInt8](repeating: 7, count: 1000))
        var r = MLSReader(w.bytes)
        #expect(throws: CodecError(.lengthLimitExceeded, "opaque")) { try r.readOpaque(maxLength: 999) }
    }

    @Test("a vector whose length runs past the input is truncated")
    func pastEnd() {
        var r = MLSReader([0x05, 1, 2])
        #expect(throws: CodecError(.truncated, "fixed")) { try r.readOpaque() }
    }

    @Test("elements must fill a vector exactly")
    func partialElement() {
        // A vector of uint16 with 3 bytes of body: the last element is cut.
        var r = MLSReader([0x03, 0, 1, 2])
        #expect(throws: CodecError.self) { try r.readVector(of: UInt16.self) }
    }

    @Test("trailing bytes after a top-level value are rejected")
    func trailing() {
        #expect(throws: CodecError(.trailingBytes, "UInt16")) { try UInt16(mlsEncoded: [0, 1, 2]) }
    }

    @Test("optional presence byte must be 0 or 1")
    func optionalByte() throws {
        var ok = MLSReader([1, 0, 9])
        #expect(try ok.readOptional(UInt16.self) == 9)
        var bad = MLSReader([2, 0, 9])
        #expect(throws: CodecError(.invalidValue, "optional")) { try bad.readOptional(UInt16.self) }
    }

    @Test("deep nesting is bounded")
    func nesting() {
        // 20 nested one-byte-length vectors.
        var bytes: [UInt8] = []
        for depth in 0..<20 { bytes.append(UInt8(19 - depth)) }
        var r = MLSReader(bytes)
        func dive(_ r: inout MLSReader) throws(CodecError) {
            try r.readVector { (inner: inout MLSReader) throws(CodecError) in
                if !inner.isAtEnd { try dive(&inner) }
            }
        }
        #expect(throws: CodecError(.nestingTooDeep, "vector")) { try dive(&r) }
    }
}
