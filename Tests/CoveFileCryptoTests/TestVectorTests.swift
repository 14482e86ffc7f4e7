@_spi(TestVectors) import CoveFileCrypto
import Crypto
import MLSCrypto
import Testing

/// The worked example of docs/file-format.md §Test vectors. The expected values were produced by
/// `cove-filecrypt vector` and checked against an independent Python implementation (HMAC-SHA256
/// HKDF and the `cryptography` package's AEADs).
@Suite("Test vectors")
struct TestVectorTests {
    static let key: [UInt8] = (0..<32).map { UInt8($0) }
    static let salt: [UInt8] = (0..<32).map { UInt8(0x20 + $0) }

    func encrypt(_ plaintext: [UInt8], cipher: FileCipher = .aes256GCM) throws -> [UInt8] {
        var encryptor = try FileEncryptor(key: try FileKey(SecretBytes(Self.key)), cipher: cipher, unsafeFixedSalt: Self.salt)
        var out = ByteBuffer()
        try encryptor.update(plaintext) { try out.write($0) }
        try encryptor.finish { try out.write($0) }
        return out.bytes
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format2($0)) }.joined() }
    static func format2(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }

    static let header =
        "434f564546494c4501011000202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        + "f514a61e3ba9c6298774f0fd0d8b7ddb652fc99074bcff3a95183233af53074f"

    @Test func shortFile() throws {
        let ciphertext = try encrypt(Array("Hello, Cove!".utf8))
        #expect(Self.hex(ciphertext) == Self.header + "19f856cd7f20703e7653dac058a86bfdfeba9d7cf96ca7cf1a29c2f7")
        #expect(try FileCrypto.decrypt(ciphertext, key: try FileKey(SecretBytes(Self.key))) == Array("Hello, Cove!".utf8))
    }

    @Test func emptyFile() throws {
        let ciphertext = try encrypt([])
        #expect(Self.hex(ciphertext) == Self.header + "9e677569e9a43a14c51b8f1ecd3e0b4e")
        #expect(try FileCrypto.decrypt(ciphertext, key: try FileKey(SecretBytes(Self.key))) == [])
    }

    @Test("Three chunks (plaintext byte i = i mod 251, 132 072 bytes), both ciphers")
    func multiChunk() throws {
        let plaintext = (0..<(2 * 65_536 + 1_000)).map { UInt8($0 % 251) }
        let expected: [(FileCipher, String)] = [
            (.aes256GCM, "9582a42ab4263e037afdb88207f32afe43a7b176d455ca03beac002d68c003a5"),
            (.chaCha20Poly1305, "ca82e99858063d98f52086307dcec910097276b2ae2f738e78c6fdc0feca5fe6"),
        ]
        for (cipher, digest) in expected {
            let ciphertext = try encrypt(plaintext, cipher: cipher)
            #expect(ciphertext.count == 132_196)
            #expect(Self.hex(Array(SHA256.hash(data: ciphertext))) == digest, "\(cipher)")
        }
    }
}
