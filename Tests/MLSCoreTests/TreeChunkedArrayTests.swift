@testable import MLSCore
import Testing

/// `ChunkedArray`, the chunked copy-on-write storage of the ratchet tree's nodes and hashes: it
/// must behave exactly like an array across chunk boundaries (chunks hold 64 elements).
@Suite struct TreeChunkedArrayTests {
    @Test("appends, reads and writes match an array across chunk boundaries")
    func matchesArray() {
        var chunked = ChunkedArray<Int>()
        var array: [Int] = []
        for i in 0..<300 {
            chunked.append(i)
            array.append(i)
        }
        for i in stride(from: 0, to: 300, by: 7) {
            chunked[i] = -i
            array[i] = -i
        }
        #expect(Array(chunked) == array)
        #expect(chunked.count == 300)
        #expect(chunked[63] == array[63] && chunked[64] == array[64] && chunked[299] == array[299])
    }

    @Test("removeLast keeps the prefix, at, before and after chunk boundaries", arguments: [0, 1, 63, 64, 65, 128, 199, 200, 250])
    func removeLast(k: Int) {
        var chunked = ChunkedArray(0..<200)
        chunked.removeLast(k)
        let expected = Array(0..<max(0, 200 - k))
        #expect(Array(chunked) == expected)
        // Appending after a removal continues the sequence in the right slots.
        chunked.append(contentsOf: [1_000, 1_001])
        #expect(Array(chunked) == expected + [1_000, 1_001])
    }

    @Test("a copy is independent of the original after writes to either")
    func copyOnWrite() {
        var original = ChunkedArray(repeating: 0, count: 500)
        var copy = original
        copy[10] = 1
        copy[499] = 2
        original[64] = 3
        #expect(original[10] == 0 && original[499] == 0 && original[64] == 3)
        #expect(copy[10] == 1 && copy[499] == 2 && copy[64] == 0)
        #expect(original != copy)
        copy[10] = 0
        copy[499] = 0
        copy[64] = 3
        #expect(original == copy)
        #expect(original.hashValue == copy.hashValue)
    }

    @Test("firstInChunks sees every element once, with its index")
    func chunkScan() {
        let chunked = ChunkedArray(0..<150)
        var seen: [Int] = []
        let none: Int? = chunked.firstInChunks { base, chunk in
            for (offset, value) in chunk.enumerated() {
                #expect(base + offset == value)
                seen.append(value)
            }
            return nil
        }
        #expect(none == nil)
        #expect(seen == Array(0..<150))
        #expect(chunked.firstInChunks { base, chunk in chunk.firstIndex(of: 130).map { base + $0 } } == 130)
    }

    @Test("equality compares elements, not chunk layout")
    func equality() {
        var grown = ChunkedArray<Int>()
        grown.append(contentsOf: 0..<100)
        grown.removeLast(40)
        #expect(grown == ChunkedArray(0..<60))
        #expect(grown != ChunkedArray(0..<61))
        #expect(ChunkedArray<Int>() == ChunkedArray(repeating: 7, count: 0))
    }
}
