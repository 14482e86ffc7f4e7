import Foundation
import Testing
@testable import CoveClient

/// scrypt and PBKDF2-HMAC-SHA256 against RFC 7914's published vectors (sections 11 and 12), and
/// every parameter rule of ``Scrypt/validate(_:memoryLimit:)``.
@Suite struct SecurityScryptTests {
    static func hex(_ text: String) -> [UInt8] {
        let clean = text.filter { !$0.isWhitespace }
        return stride(from: 0, to: clean.count, by: 2).map { offset in
            let start = clean.index(clean.startIndex, offsetBy: offset)
            return UInt8(clean[start..<clean.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    // RFC 7914 section 11.
    @Test func pbkdf2SHA256OneIteration() throws {
        let key = try Scrypt.pbkdf2SHA256(
            password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, outputByteCount: 64)
        #expect(key.exposedBytes == Self.hex("""
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """))
    }

    @Test func pbkdf2SHA256EightyThousandIterations() throws {
        let key = try Scrypt.pbkdf2SHA256(
            password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80000, outputByteCount: 64)
        #expect(key.exposedBytes == Self.hex("""
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """))
    }

    @Test func pbkdf2RejectsBadParameters() {
        #expect(throws: CoveClientError.self) {
            try Scrypt.pbkdf2SHA256(password: [1], salt: [2], iterations: 0, outputByteCount: 32)
        }
        #expect(throws: CoveClientError.self) {
            try Scrypt.pbkdf2SHA256(password: [1], salt: [2], iterations: 1, outputByteCount: 0)
        }
    }

    // RFC 7914 section 12, first vector: empty passphrase and salt.
    @Test func scryptVector1() throws {
        let key = try Scrypt.deriveKey(
            passphrase: [UInt8](), salt: [UInt8](), parameters: .init(n: 16, r: 1, p: 1), outputByteCount: 64)
        #expect(key.exposedBytes == Self.hex("""
            77 d6 57 62 38 65 7b 20 3b 19 ca 42 c1 8a 04 97 f1 6b 48 44 e3 07 4a e8 df df fa 3f ed e2 14 42
            fc d0 06 9d ed 09 48 f8 32 6a 75 3a 0f c8 1f 17 e8 d3 e0 fb 2e 0d 36 28 cf 35 e2 0c 38 d1 89 06
            """))
    }

    @Test func scryptVector2() throws {
        let key = try Scrypt.deriveKey(
            passphrase: Array("password".utf8), salt: Array("NaCl".utf8),
            parameters: .init(n: 1024, r: 8, p: 16), outputByteCount: 64)
        #expect(key.exposedBytes == Self.hex("""
            fd ba be 1c 9d 34 72 00 78 56 e7 19 0d 01 e9 fe 7c 6a d7 cb c8 23 78 30 e7 73 76 63 4b 37 31 62
            2e af 30 d9 2e 22 a3 88 6f f1 09 27 9d 98 30 da c7 27 af b9 4a 83 ee 6d 83 60 cb df a2 cc 06 40
            """))
    }

    @Test func scryptVector3() throws {
        let key = try Scrypt.deriveKey(
            passphrase: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
            parameters: .init(n: 16384, r: 8, p: 1), outputByteCount: 64)
        #expect(key.exposedBytes == Self.hex("""
            70 23 bd cb 3a fd 73 48 46 1c 06 cd 81 fd 38 eb fd a8 fb ba 90 4f 8e 3e a9 b5 43 f6 54 5d a1 f2
            d5 43 29 55 61 3f 0f cf 62 d4 97 05 24 2a 9a f9 e6 1e 85 dc 0d 65 1e 40 df cf 01 7b 45 57 58 87
            """))
    }

    /// RFC 7914's fourth vector needs 1 GiB and, on this shared 2-core machine under load, 54 s
    /// with the debug build's BoringSSL (C at -O0) and 40 s in Python's OpenSSL: too slow for
    /// every test run, so it runs only when COVE_SCRYPT_1GIB=1 (it passed when run that way
    /// while this was written). The default 256 MiB memory limit refuses it, as tested below.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COVE_SCRYPT_1GIB"] == "1"))
    func scryptVector4() throws {
        let key = try Scrypt.deriveKey(
            passphrase: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
            parameters: .init(n: 1 << 20, r: 8, p: 1), outputByteCount: 64, memoryLimit: 1100 << 20)
        #expect(key.exposedBytes == Self.hex("""
            21 01 cb 9b 6a 51 1a ae ad db be 09 cf 70 f8 81 ec 56 8d 57 4a 2f fd 4d ab e5 ee 98 20 ad aa 47
            8e 56 fd 8f 4b a5 d0 9f fa 1c 6d 92 7c 40 f4 c3 37 30 40 49 e8 a9 52 fb cb f4 5c 6f a7 7a 41 a4
            """))
    }

    @Test func the1GiBVectorExceedsTheDefaultMemoryLimit() {
        #expect(throws: CoveClientError.self) {
            try Scrypt.validate(.init(n: 1 << 20, r: 8, p: 1))
        }
    }

    @Test func defaultParametersAreValidAndCost32MiB() throws {
        try Scrypt.validate(.storeDefault)
        #expect(Scrypt.Parameters.storeDefault.memoryBytes == 128 * 8 * (1 << 15) + 128 * 8 + 256 * 8)
    }

    @Test(arguments: [0, 1, 3, 6, 1000, 1 << 15 + 1, -16])
    func nMustBeAPowerOfTwoGreaterThanOne(n: Int) {
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: n, r: 8, p: 1)) }
    }

    @Test func nMustBeBelowTwoToTheSixteenR() throws {
        // r = 1: N < 2^16. 2^15 is fine (memory 4 MiB), 2^16 is not.
        try Scrypt.validate(.init(n: 1 << 15, r: 1, p: 1))
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 1 << 16, r: 1, p: 1)) }
    }

    @Test func rAndPMustBePositive() {
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: 0, p: 1)) }
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: 1, p: 0)) }
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: -1, p: -1)) }
    }

    @Test func rTimesPMustBeBelowTwoToThe30() {
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: 1, p: 1 << 30)) }
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: 1 << 15, p: 1 << 15)) }
        // Overflowing products are refused, not trapped on.
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: Int.max, p: Int.max)) }
    }

    @Test func coveLimitsOnRAndP() throws {
        try Scrypt.validate(.init(n: 16, r: Scrypt.maxR, p: Scrypt.maxP))
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: Scrypt.maxR + 1, p: 1)) }
        #expect(throws: CoveClientError.self) { try Scrypt.validate(.init(n: 16, r: 1, p: Scrypt.maxP + 1)) }
    }

    @Test func memoryLimitIsEnforcedBeforeAnyWork() throws {
        let parameters = Scrypt.Parameters(n: 1 << 15, r: 8, p: 1)
        try Scrypt.validate(parameters, memoryLimit: parameters.memoryBytes)
        #expect(throws: CoveClientError.self) {
            try Scrypt.validate(parameters, memoryLimit: parameters.memoryBytes - 1)
        }
        // 2^40 · 128 · 16 bytes: must fail fast on the limit (this would otherwise never finish).
        let error = #expect(throws: CoveClientError.self) {
            try Scrypt.deriveKey(passphrase: [1], salt: [2], parameters: .init(n: 1 << 40, r: 16, p: 1))
        }
        #expect(error?.code == .storeKDFParameters)
        #expect(Scrypt.Parameters(n: 1 << 62, r: 16, p: 1).memoryBytes == Int.max)
    }

    @Test func outputLengthBounds() {
        #expect(throws: CoveClientError.self) {
            try Scrypt.deriveKey(passphrase: [1], salt: [2], parameters: .init(n: 16, r: 1, p: 1), outputByteCount: 0)
        }
        #expect(throws: CoveClientError.self) {
            try Scrypt.deriveKey(passphrase: [1], salt: [2], parameters: .init(n: 16, r: 1, p: 1), outputByteCount: 65)
        }
    }

    @Test func differentSaltsGiveDifferentKeys() throws {
        let parameters = Scrypt.Parameters(n: 16, r: 1, p: 1)
        let a = try Scrypt.deriveKey(passphrase: Array("pw".utf8), salt: [1], parameters: parameters)
        let b = try Scrypt.deriveKey(passphrase: Array("pw".utf8), salt: [2], parameters: parameters)
        #expect(a != b)
        #expect(a.count == 32)
        #expect(!"\(a)".contains(a.exposedBytes.map { String(format: "%02x", $0) }.joined()))
    }
}
