@testable import CoveFileCrypto
import MLSCrypto
import Testing

@Suite("Round trips")
struct RoundTripTests {
    static let sizes = [0, 1, 65_535, 65_536, 65_537, 2 * 65_536, 3 * 1_048_576 + 12_345]

    @Test(arguments: FileCipher.allCases, sizes)
    func roundTrip(cipher: FileCipher, size: Int) throws {
        let key = try testKey(1)
        let plaintext = testPlaintext(size)
        let ciphertext = try FileCrypto.encrypt(plaintext, key: key, cipher: cipher)
        #expect(UInt64(ciphertext.count) == FileFormat.ciphertextSize(plaintextSize: UInt64(size)))
        #expect(ciphertext[9] == cipher.rawValue)
        #expect(try FileCrypto.decrypt(ciphertext, key: key) == plaintext)
    }

    @Test("Chunk layout: full chunks, then one final chunk that is empty only for the empty file")
    func chunkCount() throws {
        let key = try testKey(1)
        for (size, chunks) in [(0, 1), (1, 1), (65_535, 1), (65_536, 1), (65_537, 2), (131_072, 2), (131_073, 3)] {
            let ciphertext = try FileCrypto.encrypt(testPlaintext(size), key: key)
            #expect(ciphertext.count == header + size + chunks * FileFormat.tagSize, "size \(size)")
        }
    }

    @Test("Pieces of any size give the same plaintext, both directions")
    func oddPieces() throws {
        let key = try testKey(2)
        let plaintext = testPlaintext(3 * 65_536 + 77, seed: 9)
        for pieceSize in [1, 7, 4_096, 65_535, 65_536, 65_537, 200_000] {
            var encryptor = FileEncryptor(key: key)
            var ciphertext = ByteBuffer()
            var offset = 0
            while offset < plaintext.count {
                let end = min(offset + pieceSize, plaintext.count)
                try encryptor.update(Array(plaintext[offset..<end])) { try ciphertext.write($0) }
                offset = end
            }
            try encryptor.finish { try ciphertext.write($0) }

            var decryptor = FileDecryptor(key: key)
            var output = ByteBuffer()
            let bytes = ciphertext.bytes
            offset = 0
            while offset < bytes.count {
                let end = min(offset + pieceSize, bytes.count)
                try decryptor.update(Array(bytes[offset..<end])) { try output.write($0) }
                offset = end
            }
            try decryptor.finish { try output.write($0) }
            #expect(output.bytes == plaintext, "piece size \(pieceSize)")
            #expect(decryptor.header?.salt == encryptor.header.salt)
        }
    }

    @Test("Streaming over sources and sinks, and over an async sequence")
    func streams() async throws {
        let key = try testKey(3)
        let plaintext = testPlaintext(5 * 65_536 + 3)
        var source = ByteBuffer(plaintext)
        var ciphertext = ByteBuffer()
        try FileCrypto.encrypt(key: key, cipher: .chaCha20Poly1305, from: &source, to: &ciphertext)
        var encrypted = ByteBuffer(ciphertext.bytes)
        var output = ByteBuffer()
        try FileCrypto.decrypt(key: key, from: &encrypted, to: &output)
        #expect(output.bytes == plaintext)

        let pieces = AsyncStream<[UInt8]> { continuation in
            var offset = 0
            while offset < ciphertext.bytes.count {
                let end = min(offset + 10_000, ciphertext.bytes.count)
                continuation.yield(Array(ciphertext.bytes[offset..<end]))
                offset = end
            }
            continuation.finish()
        }
        var asyncOutput: [UInt8] = []
        try await FileCrypto.decrypt(key: key, pieces: pieces) { asyncOutput.append(contentsOf: $0) }
        #expect(asyncOutput == plaintext)
    }

    @Test("Every file gets a fresh salt, so equal plaintexts under one key give unrelated ciphertexts")
    func freshSalt() throws {
        let key = try testKey(4)
        let a = try FileCrypto.encrypt([1, 2, 3], key: key)
        let b = try FileCrypto.encrypt([1, 2, 3], key: key)
        #expect(a[12..<44] != b[12..<44])
        #expect(a[header...] != b[header...])
    }

    @Test("Keys and errors never print secret bytes")
    func redaction() throws {
        let key = try testKey(5)
        #expect(String(describing: key) == "FileKey(redacted)")
        let hexKey = key.secret.exposedBytes.map { String($0, radix: 16) }.joined()
        let error = try #require(decryptError(try FileCrypto.encrypt([1], key: key), key: try testKey(6)))
        #expect(!error.description.contains(hexKey))
        #expect(error.description == "file.wrong_key")
    }

    @Test("A file key must be 32 bytes")
    func keyLength() {
        for count in [0, 16, 31, 33, 64] {
            #expect(fileError { _ = try FileKey(SecretBytes(zeros: count)) }?.code == .invalidKey)
        }
        #expect(FileKey.generate() != FileKey.generate())
    }
}
