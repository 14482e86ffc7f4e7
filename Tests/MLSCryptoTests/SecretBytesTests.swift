import MLSCrypto
import Testing

@Suite struct SecretBytesTests {
    @Test("descriptions never show the bytes")
    func redacted() {
        let secret = SecretBytes([0xde, 0xad, 0xbe, 0xef])
        #expect(String(describing: secret) == "SecretBytes(4 bytes, redacted)")
        #expect(!String(reflecting: secret).lowercased().contains("dead"))
        #expect(!"\([secret])".lowercased().contains("de"))
    }

    @Test("equality compares contents")
    func equality() {
        #expect(SecretBytes([1, 2, 3]) == SecretBytes([1, 2, 3]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2, 4]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2]))
        #expect(constantTimeEquals([UInt8](), [UInt8]()))
    }
}
