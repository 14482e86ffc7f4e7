import MLSCodec
import Testing

/// `writeVectorInPlace` must produce exactly the bytes of `writeVector` (it only avoids the
/// second buffer), across the varint length boundaries and with bytes before and after it.
@Suite struct WriterVectorInPlaceTests {
    @Test("same bytes as writeVector", arguments: [0, 1, 63, 64, 16383, 16384, 65_536 + 200])
    func sameBytes(_ length: Int) {
        let body = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var expected = MLSWriter()
        expected.write(UInt16(0xBEEF))
        expected.writeVector { $0.writeRaw(body) }
        expected.write(UInt8(0x42))

        var actual = MLSWriter(reservingCapacity: length + 16)
        actual.write(UInt16(0xBEEF))
        actual.writeVectorInPlace { $0.writeRaw(body) }
        actual.write(UInt8(0x42))
        #expect(actual.bytes == expected.bytes)

        var reader = MLSReader(actual.bytes)
        #expect(throws: Never.self) { _ = try reader.readUInt16() }
        #expect((try? reader.readOpaque(maxLength: .max)) == body)
    }

    @Test("nested in-place vectors match nested writeVector")
    func nested() {
        var expected = MLSWriter()
        expected.writeVector { outer in
            outer.writeOpaque([1, 2, 3])
            outer.writeVector { $0.writeRaw([UInt8](repeating: 9, count: 100)) }
        }
        var actual = MLSWriter()
        actual.writeVectorInPlace { outer in
            outer.writeOpaque([1, 2, 3])
            outer.writeVectorInPlace { $0.writeRaw([UInt8](repeating: 9, count: 100)) }
        }
        #expect(actual.bytes == expected.bytes)
    }
}
