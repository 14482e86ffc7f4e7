import CoveFileCrypto
import MLSCrypto
import Testing

/// Every way of altering a file is rejected with its own code (docs/file-format.md §Errors).
@Suite("Tampering")
struct TamperTests {
    /// 3 chunks: two full ones and a 100-byte final one.
    static let size = 2 * 65_536 + 100

    func file(_ cipher: FileCipher = .aes256GCM, key: UInt8 = 1, size: Int = size, seed: UInt64 = 1) throws -> [UInt8] {
        try FileCrypto.encrypt(testPlaintext(size, seed: seed), key: try testKey(key), cipher: cipher)
    }

    @Test(arguments: FileCipher.allCases)
    func truncatedAtChunkBoundary(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        // Drop the final chunk: the last remaining chunk is a valid middle chunk.
        let cut = Array(ciphertext[..<chunkRange(2, in: ciphertext).lowerBound])
        let error = decryptError(cut, key: try testKey(1))
        #expect(error?.code == .truncated)
        #expect(error?.chunkIndex == 2)
        // Two full chunks, the second final: cutting the final one leaves a valid middle chunk.
        let even = try file(cipher, size: 2 * 65_536)
        #expect(decryptError(Array(even[..<chunkRange(1, in: even).lowerBound]), key: try testKey(1))?.code == .truncated)
    }

    @Test func truncatedInHeaderOrBeforeAnyChunk() throws {
        let ciphertext = try file()
        for length in [0, 1, 8, 43, 75] {
            #expect(decryptError(Array(ciphertext[..<length]), key: try testKey(1))?.code == .truncated, "\(length)")
        }
        // Header only, or a tail too short to hold a tag.
        for extra in [0, 1, 15] {
            #expect(decryptError(Array(ciphertext[..<(header + extra)]), key: try testKey(1))?.code == .truncated)
        }
        let afterOne = chunkRange(1, in: ciphertext).lowerBound
        #expect(decryptError(Array(ciphertext[..<(afterOne + 15)]), key: try testKey(1))?.code == .truncated)
    }

    @Test("Cut inside a chunk: indistinguishable from a corrupted last chunk")
    func truncatedMidChunk() throws {
        let ciphertext = try file()
        for cut in [chunkRange(1, in: ciphertext).lowerBound + 16, chunkRange(2, in: ciphertext).lowerBound - 1,
                    ciphertext.count - 1] {
            #expect(decryptError(Array(ciphertext[..<cut]), key: try testKey(1))?.code == .authenticationFailed)
        }
    }

    @Test(arguments: FileCipher.allCases)
    func droppedChunk(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        var dropped = ciphertext
        dropped.removeSubrange(chunkRange(0, in: ciphertext))
        let error = decryptError(dropped, key: try testKey(1))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.chunkIndex == 0)
    }

    @Test(arguments: FileCipher.allCases)
    func reorderedChunks(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        let c0 = ciphertext[chunkRange(0, in: ciphertext)], c1 = ciphertext[chunkRange(1, in: ciphertext)]
        let swapped = Array(ciphertext[..<header]) + c1 + c0 + ciphertext[chunkRange(2, in: ciphertext)]
        let error = decryptError(swapped, key: try testKey(1))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.chunkIndex == 0)
    }

    @Test(arguments: FileCipher.allCases)
    func duplicatedChunk(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        var duplicated = ciphertext
        duplicated.insert(contentsOf: ciphertext[chunkRange(0, in: ciphertext)], at: chunkRange(1, in: ciphertext).lowerBound)
        let error = decryptError(duplicated, key: try testKey(1))
        #expect(error?.code == .authenticationFailed)
        #expect(error?.chunkIndex == 1)
    }

    @Test("A chunk spliced in from another file, same key or another key", arguments: FileCipher.allCases)
    func splicedChunk(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        for other in [try file(cipher, key: 1, seed: 1), try file(cipher, key: 1, seed: 2), try file(cipher, key: 2, seed: 1)] {
            // Same position (chunk 1), so only the per-file payload key can tell them apart.
            var spliced = ciphertext
            spliced.replaceSubrange(chunkRange(1, in: ciphertext), with: other[chunkRange(1, in: other)])
            let error = decryptError(spliced, key: try testKey(1))
            #expect(error?.code == .authenticationFailed)
            #expect(error?.chunkIndex == 1)
        }
    }

    @Test("A flipped bit in any chunk byte", arguments: [0, 1, 65_535, 65_536, 65_551])
    func flippedChunkByte(offset: Int) throws {
        let ciphertext = try file()
        var tampered = ciphertext
        tampered[header + offset] ^= 0x01
        #expect(decryptError(tampered, key: try testKey(1))?.code == .authenticationFailed)
    }

    @Test("Each header field altered gives that field's code")
    func tamperedHeader() throws {
        let ciphertext = try file()
        let key = try testKey(1)
        for position in 0..<header {
            var tampered = ciphertext
            tampered[position] ^= 0x80
            let expected: FileCryptoError.Code = switch position {
            case 0..<8: .malformedHeader
            case 8: .unsupportedVersion
            case 9: .unsupportedCipher
            case 10: .unsupportedChunkSize
            case 11: .malformedHeader
            default: .wrongKey  // salt and commitment: bound by the commitment
            }
            var emitted = 0
            let error = fileError {
                var decryptor = FileDecryptor(key: key)
                try decryptor.update(tampered) { emitted += $0.count }
                try decryptor.finish { emitted += $0.count }
            }
            #expect(error?.code == expected, "byte \(position)")
            #expect(emitted == 0, "no plaintext before the header is verified (byte \(position))")
        }
        // The cipher byte switched to the other valid cipher: caught by the commitment.
        var switched = ciphertext
        switched[9] = FileCipher.chaCha20Poly1305.rawValue
        #expect(decryptError(switched, key: key)?.code == .wrongKey)
        var version = ciphertext
        version[8] = 2
        #expect(decryptError(version, key: key)?.code == .unsupportedVersion)
    }

    @Test(arguments: FileCipher.allCases)
    func wrongKey(cipher: FileCipher) throws {
        let ciphertext = try file(cipher)
        var emitted = 0
        let error = fileError {
            var decryptor = FileDecryptor(key: try testKey(2))
            try decryptor.update(ciphertext) { emitted += $0.count }
            try decryptor.finish { emitted += $0.count }
        }
        #expect(error?.code == .wrongKey)
        #expect(emitted == 0)
    }

    @Test("Bytes after the last chunk")
    func trailingData() throws {
        let key = try testKey(1)
        // A full final chunk followed by anything is detected as trailing data.
        let even = try file(size: 2 * 65_536)
        for garbage in [[0x00], [UInt8](repeating: 0xAA, count: 16), testPlaintext(70_000, seed: 3)] as [[UInt8]] {
            let error = decryptError(even + garbage, key: key)
            #expect(error?.code == .trailingData, "\(garbage.count) bytes")
            #expect(error?.chunkIndex == 1)
        }
        // After a short final chunk the extra bytes become part of that chunk: it fails to open.
        #expect(decryptError(try file() + [0], key: key)?.code == .authenticationFailed)
        #expect(decryptError(try file(size: 0) + [0], key: key)?.code == .authenticationFailed)
    }

    @Test("A decryptor that failed refuses further input")
    func failedState() throws {
        let ciphertext = try file()
        var decryptor = FileDecryptor(key: try testKey(2))
        #expect(fileError { try decryptor.update(ciphertext) { _ in } }?.code == .wrongKey)
        #expect(fileError { try decryptor.update([0]) { _ in } }?.code == .invalidState)
        #expect(fileError { try decryptor.finish { _ in } }?.code == .invalidState)
        var encryptor = FileEncryptor(key: try testKey(1))
        try encryptor.finish { _ in }
        #expect(fileError { try encryptor.update([0]) { _ in } }?.code == .invalidState)
    }
}
