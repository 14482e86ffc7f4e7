@_spi(TestVectors) import CoveFileCrypto
import Crypto
import Foundation
import MLSCrypto
import Testing

/// Files only a key holder could build by hand: the key schedule re-implemented here with
/// swift-crypto's HKDF (as docs/file-format.md §2 states it) to seal chunks a writer never emits.
@Suite("Canonical form and limits")
struct CanonicalFormTests {
    static let salt: [UInt8] = (0..<32).map { UInt8(0x40 + $0) }

    func payloadKey(_ key: FileKey, headerPrefix: [UInt8]) -> (SymmetricKey, [UInt8]) {
        let prk = HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: key.secret.exposedBytes), salt: Self.salt)
        let payload = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Array("cove-file-v1 payload key".utf8) + headerPrefix, outputByteCount: 32)
        let prefix = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: Array("cove-file-v1 nonce prefix".utf8) + headerPrefix, outputByteCount: 4)
        return (payload, prefix.withUnsafeBytes { Array($0) })
    }

    func seal(_ plaintext: [UInt8], key: SymmetricKey, prefix: [UInt8], index: UInt64, last: Bool) throws -> [UInt8] {
        let counter = (0..<7).map { UInt8(truncatingIfNeeded: index >> (8 * (6 - $0))) }
        let nonce = try AES.GCM.Nonce(data: prefix + counter + [last ? 1 : 0])
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce)
        return Array(box.ciphertext) + Array(box.tag)
    }

    @Test("The hand-built schedule matches the library's, and an empty last chunk after data is rejected")
    func emptyFinalChunk() throws {
        let key = try testKey(3)
        let plaintext = testPlaintext(65_536)
        var encryptor = try FileEncryptor(key: key, cipher: .aes256GCM, unsafeFixedSalt: Self.salt)
        var reference = ByteBuffer()
        try encryptor.update(plaintext) { try reference.write($0) }
        try encryptor.finish { try reference.write($0) }
        let headerBytes = Array(reference.bytes[..<header])
        let (payload, prefix) = payloadKey(key, headerPrefix: Array(headerBytes[..<44]))
        // The library's single full last chunk, rebuilt by hand.
        #expect(headerBytes + (try seal(plaintext, key: payload, prefix: prefix, index: 0, last: true)) == reference.bytes)

        let nonCanonical = headerBytes
            + (try seal(plaintext, key: payload, prefix: prefix, index: 0, last: false))
            + (try seal([], key: payload, prefix: prefix, index: 1, last: true))
        let error = decryptError(nonCanonical, key: key)
        #expect(error?.code == .emptyFinalChunk)
        #expect(error?.chunkIndex == 1)
        #expect(fileError { _ = try FileRangeReader(key: key, source: ByteBuffer(nonCanonical)) }?.code == .emptyFinalChunk)
    }

    /// A source that claims to be huge: the header of a real file, then zeros.
    struct HugeSource: SeekableByteSource {
        let headerBytes: [UInt8]
        let claimedSize: UInt64
        func size() throws -> UInt64 { claimedSize }
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws -> Int {
            for i in 0..<buffer.count {
                let position = offset + UInt64(i)
                buffer[i] = position < UInt64(headerBytes.count) ? headerBytes[Int(position)] : 0
            }
            return buffer.count
        }
    }

    @Test("More than 2^24 chunks (1 TiB) is refused")
    func tooLarge() throws {
        let key = try testKey(4)
        let file = try FileCrypto.encrypt([1], key: key)
        let limit = UInt64(header) + FileFormat.maxChunks * UInt64(sealed)
        let over = HugeSource(headerBytes: Array(file[..<header]), claimedSize: limit + 1)
        #expect(fileError { _ = try FileRangeReader(key: key, source: over) }?.code == .tooLarge)
        // At the limit the size is accepted and the (fake) last chunk is what fails.
        let at = HugeSource(headerBytes: Array(file[..<header]), claimedSize: limit)
        #expect(fileError { _ = try FileRangeReader(key: key, source: at) }?.code == .authenticationFailed)
        #expect(FileFormat.maxPlaintextSize == 1 << 40)
    }

    @Test("Ciphertext and plaintext sizes map one to one, and impossible sizes are refused")
    func sizes() throws {
        let key = try testKey(5)
        for size in [0, 1, 65_535, 65_536, 65_537, 131_072, 131_073] {
            let ciphertext = try FileCrypto.encrypt(testPlaintext(size), key: key)
            #expect(FileFormat.plaintextSize(ciphertextSize: UInt64(ciphertext.count)) == UInt64(size))
            #expect(FileFormat.ciphertextSize(plaintextSize: UInt64(size)) == UInt64(ciphertext.count))
        }
        let impossible: [UInt64] = [
            0, 75, 76, 91,                                  // no room for one tag
            UInt64(header + sealed + 5),                    // last chunk shorter than a tag
            UInt64(header + sealed + FileFormat.tagSize),   // empty last chunk after a full one
            UInt64(header) + (FileFormat.maxChunks + 1) * UInt64(sealed),
        ]
        for size in impossible {
            #expect(FileFormat.plaintextSize(ciphertextSize: size) == nil, "\(size)")
        }
        #expect(FileFormat.plaintextSize(ciphertextSize: FileFormat.ciphertextSize(plaintextSize: FileFormat.maxPlaintextSize))
            == FileFormat.maxPlaintextSize)
    }
}
