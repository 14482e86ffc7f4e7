@_spi(TestVectors) import CoveFileCrypto
import MLSCrypto
import Testing

/// Deterministic pseudo-random plaintext (not secret, just non-repeating).
func testPlaintext(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    var out = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        out[i] = UInt8(truncatingIfNeeded: state)
    }
    return out
}

func testKey(_ seed: UInt8) throws -> FileKey {
    try FileKey(SecretBytes((0..<32).map { UInt8(truncatingIfNeeded: Int($0) &+ Int(seed) &* 31) }))
}

let sealed = FileFormat.sealedChunkSize
let header = FileFormat.headerSize

/// The byte range of sealed chunk `index` inside a ciphertext.
func chunkRange(_ index: Int, in ciphertext: [UInt8]) -> Range<Int> {
    let start = header + index * sealed
    return start..<min(start + sealed, ciphertext.count)
}

/// Runs `body` and returns the FileCryptoError it throws (nil if it throws nothing).
func fileError(_ body: () throws -> Void) -> FileCryptoError? {
    do {
        try body()
        return nil
    } catch let error as FileCryptoError {
        return error
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}

/// Decrypts in one go and returns the error code, checking no plaintext escapes a failure of the
/// header check.
func decryptError(_ ciphertext: [UInt8], key: FileKey) -> FileCryptoError? {
    fileError { _ = try FileCrypto.decrypt(ciphertext, key: key) }
}
