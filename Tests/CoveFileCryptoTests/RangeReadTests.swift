import CoveFileCrypto
import Foundation
import MLSCrypto
import Testing

@Suite("Random-access range reads")
struct RangeReadTests {
    static let size = 3 * 65_536 + 500

    @Test(arguments: FileCipher.allCases)
    func boundaries(cipher: FileCipher) throws {
        let key = try testKey(7)
        let plaintext = testPlaintext(Self.size, seed: 4)
        let reader = try FileRangeReader(key: key, source: ByteBuffer(try FileCrypto.encrypt(plaintext, key: key, cipher: cipher)))
        #expect(reader.plaintextSize == UInt64(Self.size))
        let cases: [(offset: Int, count: Int)] = [
            (0, 1),                       // first byte
            (Self.size - 1, 1),           // last byte
            (65_535, 2),                  // across the first chunk boundary
            (65_536, 65_536),             // exactly one middle chunk
            (10, 2 * 65_536 + 100),       // three chunks
            (3 * 65_536 - 1, 10),         // into the final chunk
            (0, Self.size),               // everything
        ]
        for (offset, count) in cases {
            let bytes = try reader.read(offset: UInt64(offset), count: count)
            #expect(bytes == Array(plaintext[offset..<(offset + count)]), "offset \(offset) count \(count)")
        }
        // Past the end: clamped, empty at the end, an error beyond it.
        #expect(try reader.read(offset: UInt64(Self.size - 3), count: 100) == Array(plaintext[(Self.size - 3)...]))
        #expect(try reader.read(offset: UInt64(Self.size), count: 10) == [])
        #expect(fileError { _ = try reader.read(offset: UInt64(Self.size + 1), count: 1) }?.code == .invalidRange)
        #expect(try reader.read(offset: 5, count: 0) == [])
    }

    @Test("Sizes at chunk boundaries, including the empty file")
    func smallFiles() throws {
        let key = try testKey(8)
        for size in [0, 1, 65_535, 65_536, 65_537] {
            let plaintext = testPlaintext(size)
            let reader = try FileRangeReader(key: key, source: ByteBuffer(try FileCrypto.encrypt(plaintext, key: key)))
            #expect(reader.plaintextSize == UInt64(size))
            #expect(try reader.read(offset: 0, count: size + 10) == plaintext)
            if size > 0 {
                #expect(try reader.read(offset: UInt64(size - 1), count: 1) == [plaintext[size - 1]])
            }
        }
    }

    @Test("Opening checks the end of the file, reads check every chunk they touch")
    func verification() throws {
        let key = try testKey(9)
        let ciphertext = try FileCrypto.encrypt(testPlaintext(Self.size), key: key)
        let lastStart = chunkRange(3, in: ciphertext).lowerBound
        func openError(_ bytes: [UInt8], key: FileKey = try! testKey(9)) -> FileCryptoError? {
            fileError { _ = try FileRangeReader(key: key, source: ByteBuffer(bytes)) }
        }
        #expect(openError(Array(ciphertext[..<lastStart]))?.code == .truncated)
        #expect(openError(Array(ciphertext[..<(lastStart + 5)]))?.code == .truncated)
        #expect(openError(Array(ciphertext[..<(ciphertext.count - 1)]))?.code == .authenticationFailed)
        #expect(openError(Array(ciphertext[..<40]))?.code == .truncated)
        #expect(openError(Array(ciphertext[..<header]))?.code == .truncated)
        #expect(openError(ciphertext, key: try testKey(10))?.code == .wrongKey)
        let even = try FileCrypto.encrypt(testPlaintext(2 * 65_536), key: key)
        #expect(openError(even + [1, 2, 3])?.code == .trailingData)
        #expect(openError(even + testPlaintext(40))?.code == .trailingData)

        var tampered = ciphertext
        tampered[chunkRange(1, in: ciphertext).lowerBound + 3] ^= 1
        let reader = try FileRangeReader(key: key, source: ByteBuffer(tampered))
        #expect(try reader.read(offset: 0, count: 65_536).count == 65_536)
        let error = fileError { _ = try reader.read(offset: 65_530, count: 10) }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.chunkIndex == 1)
    }

    @Test("Files on disk through file descriptors")
    func fileDescriptors() throws {
        let key = try testKey(11)
        let plaintext = testPlaintext(2 * 65_536 + 9, seed: 5)
        let directory = FileManager.default.temporaryDirectory
        let plainURL = directory.appendingPathComponent("cove-file-\(UUID()).bin")
        let cipherURL = directory.appendingPathComponent("cove-file-\(UUID()).cove")
        defer {
            try? FileManager.default.removeItem(at: plainURL)
            try? FileManager.default.removeItem(at: cipherURL)
        }
        try Data(plaintext).write(to: plainURL)
        #expect(FileManager.default.createFile(atPath: cipherURL.path, contents: nil))
        do {
            let input = try FileHandle(forReadingFrom: plainURL)
            let output = try FileHandle(forWritingTo: cipherURL)
            defer { try? input.close(); try? output.close() }
            var source = FileDescriptorStream(input)
            var sink = FileDescriptorStream(output)
            try FileCrypto.encrypt(key: key, from: &source, to: &sink)
        }
        let handle = try FileHandle(forReadingFrom: cipherURL)
        defer { try? handle.close() }
        let reader = try FileRangeReader(key: key, source: FileDescriptorStream(handle))
        #expect(try reader.read(offset: 65_000, count: 66_000) == Array(plaintext[65_000..<131_000]))
        var source = FileDescriptorStream(handle)
        var output = ByteBuffer()
        try FileCrypto.decrypt(key: key, from: &source, to: &output)
        #expect(output.bytes == plaintext)
    }
}
