import Foundation
import MLS
import Testing
@testable import CoveClient

/// KeyProtection on real temporary directories. Passphrase tests use N = 2^10 so they stay fast;
/// the format and code paths are those of the default N = 2^15.
@Suite struct SecurityKeyProtectionTests {
    static let fast = Scrypt.Parameters(n: 1 << 10, r: 8, p: 1)

    /// A fresh directory under the system temporary directory, removed by the caller's defer.
    static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cove-keys-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func keyFileModeRoundTrip() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        #expect(KeyProtection.mode(home: home) == nil)
        let key = try KeyProtection.create(home: home, passphrase: nil)
        #expect(KeyProtection.mode(home: home) == .keyFile)
        let file = home.appendingPathComponent("store.key")
        #expect(try Self.permissions(file) == 0o600)
        let bytes = try [UInt8](Data(contentsOf: file))
        #expect(bytes.count == 33)
        #expect(bytes[0] == 1)
        // A passphrase given to a key-file store is ignored.
        #expect(try KeyProtection.unlock(home: home, passphrase: nil) == key)
        #expect(try KeyProtection.unlock(home: home, passphrase: "ignored") == key)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["store.key"])
    }

    @Test func createMakesTheHomeDirectory() throws {
        let parent = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: parent) }
        let home = parent.appendingPathComponent("a/b")
        _ = try KeyProtection.create(home: home, passphrase: nil)
        #expect(try Self.permissions(home) == 0o700)
        #expect(KeyProtection.mode(home: home) == .keyFile)
    }

    @Test func keyFileWithLoosePermissionsIsRefused() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try KeyProtection.create(home: home, passphrase: nil)
        let file = home.appendingPathComponent("store.key")
        for mode in [0o640, 0o604, 0o644, 0o601, 0o620] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
            let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: nil) }
            #expect(error?.code == .storeKeyFilePermissions)
            #expect(error?.hint?.contains("chmod 600") == true)
        }
        // 0400 (read-only for the owner) is fine.
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file.path)
        _ = try KeyProtection.unlock(home: home, passphrase: nil)
    }

    @Test func keyFileThatIsADirectoryIsRefused() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("store.key"), withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o700])
        let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: nil) }
        #expect(error?.code == .storeKeyFilePermissions)
    }

    @Test func fifoInPlaceOfTheKeyFileIsRefusedWithoutBlocking() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let path = home.appendingPathComponent("store.key").path
        #expect(mkfifo(path, 0o600) == 0)
        let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: nil) }
        #expect(error?.code == .storeKeyFilePermissions)
    }

    @Test func wrappedKeyFileMustBeARegularFile() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("store.key.scrypt"), withIntermediateDirectories: false)
        #expect(KeyProtection.mode(home: home) == .passphrase)
        #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: "pw") }
    }

    @Test(arguments: [[UInt8](), [1], [2] + [UInt8](repeating: 7, count: 32), [1] + [UInt8](repeating: 7, count: 31),
                      [1] + [UInt8](repeating: 7, count: 33)])
    func malformedKeyFileIsRefused(contents: [UInt8]) throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("store.key")
        try AtomicFile.write(contents, to: file, permissions: 0o600, replace: false)
        let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: nil) }
        #expect(error?.code == .storeKeyFileInvalid)
    }

    @Test func passphraseModeRoundTrip() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = try KeyProtection.create(home: home, passphrase: "correct horse", parameters: Self.fast)
        #expect(KeyProtection.mode(home: home) == .passphrase)
        let file = home.appendingPathComponent("store.key.scrypt")
        #expect(try Self.permissions(file) == 0o600)
        #expect(try KeyProtection.unlock(home: home, passphrase: "correct horse") == key)
        // The file records its parameters, a 32-byte salt and nothing in clear.
        let wrapped = try WrappedStoreKey.decode([UInt8](Data(contentsOf: file)))
        #expect(wrapped.parameters == Self.fast)
        #expect(wrapped.salt.count == 32)
        #expect(try Data(contentsOf: file).range(of: Data(key.exposedBytes)) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["store.key.scrypt"])
    }

    @Test func defaultParametersAreWrittenByThePublicCreate() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = try KeyProtection.create(home: home, passphrase: "pw")
        let wrapped = try WrappedStoreKey.decode([UInt8](Data(contentsOf: home.appendingPathComponent("store.key.scrypt"))))
        #expect(wrapped.parameters == .storeDefault)
        #expect(try KeyProtection.unlock(home: home, passphrase: "pw") == key)
    }

    @Test func passphraseIsNFCNormalized() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = try KeyProtection.create(home: home, passphrase: "caf\u{E9}", parameters: Self.fast)
        #expect(try KeyProtection.unlock(home: home, passphrase: "cafe\u{301}") == key)
    }

    @Test func wrongPassphrase() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try KeyProtection.create(home: home, passphrase: "correct horse", parameters: Self.fast)
        let error = #expect(throws: CoveClientError.self) {
            try KeyProtection.unlock(home: home, passphrase: "correct horsf")
        }
        #expect(error?.code == .storeWrongPassphrase)
        #expect(error?.hint != nil)
        #expect(!(error?.message.contains("horse") ?? true))
    }

    @Test func passphraseRequired() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try KeyProtection.create(home: home, passphrase: "pw", parameters: Self.fast)
        let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: nil) }
        #expect(error?.code == .storePassphraseRequired)
        #expect(error?.hint != nil)
    }

    @Test func emptyPassphraseIsRefusedAtCreate() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let error = #expect(throws: CoveClientError.self) {
            try KeyProtection.create(home: home, passphrase: "", parameters: Self.fast)
        }
        #expect(error?.code == .storePassphraseInvalid)
        #expect(KeyProtection.mode(home: home) == nil)
    }

    @Test func notInitialized() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        for passphrase in [nil, "pw"] {
            let error = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: passphrase) }
            #expect(error?.code == .storeNotInitialized)
            #expect(error?.hint?.contains("init") == true)
        }
    }

    @Test func createNeverOverwrites() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let key = try KeyProtection.create(home: home, passphrase: nil)
        for passphrase in [nil, "pw"] {
            let error = #expect(throws: CoveClientError.self) {
                try KeyProtection.create(home: home, passphrase: passphrase, parameters: Self.fast)
            }
            #expect(error?.code == .storeAlreadyInitialized)
        }
        #expect(try KeyProtection.unlock(home: home, passphrase: nil) == key)
        // The lower layer refuses too (the link(2) race guard).
        let again = #expect(throws: CoveClientError.self) {
            try AtomicFile.write([1, 2], to: home.appendingPathComponent("store.key"), permissions: 0o600, replace: false)
        }
        #expect(again?.code == .storeAlreadyInitialized)
        // The failed attempts left no temporary files behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["store.key"])
    }

    @Test func homeThatIsAFileIsRefused() throws {
        let parent = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: parent) }
        let home = parent.appendingPathComponent("home")
        try AtomicFile.write([1], to: home, permissions: 0o600, replace: false)
        let error = #expect(throws: CoveClientError.self) { try KeyProtection.create(home: home, passphrase: nil) }
        #expect(error?.code == .storeIO)
    }

    @Test func wipeZeroesTheCopy() {
        var bytes: [UInt8] = [1, 2, 3, 0xFF]
        wipeSecretCopy(&bytes)
        #expect(bytes == [0, 0, 0, 0])
        var empty: [UInt8] = []
        wipeSecretCopy(&empty)
        #expect(empty.isEmpty)
    }

    @Test func tamperedWrappedFileFails() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try KeyProtection.create(home: home, passphrase: "pw", parameters: Self.fast)
        let url = home.appendingPathComponent("store.key.scrypt")
        let original = try WrappedStoreKey.decode([UInt8](Data(contentsOf: url)))

        func unlock(_ file: WrappedStoreKey) throws -> CoveClientError? {
            try AtomicFile.write(try file.encoded(), to: url, permissions: 0o600, replace: true)
            return #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: "pw") }
        }
        var salt = original; salt.salt[0] ^= 1
        #expect(try unlock(salt)?.code == .storeWrongPassphrase)
        var sealed = original; sealed.key[20] ^= 1
        #expect(try unlock(sealed)?.code == .storeWrongPassphrase)
        // Parameters are bound into the associated data: a smaller N does not just derive another key.
        var cheaper = original; cheaper.n = 1 << 9
        #expect(try unlock(cheaper)?.code == .storeWrongPassphrase)
        var huge = original; huge.n = 1 << 24
        #expect(try unlock(huge)?.code == .storeKDFParameters)
        var notPowerOfTwo = original; notPowerOfTwo.n = 1000
        #expect(try unlock(notPowerOfTwo)?.code == .storeKDFParameters)
        var version = original; version.v = 2
        #expect(try unlock(version)?.code == .storeKeyFileInvalid)
        var kdf = original; kdf.kdf = "argon2id"
        #expect(try unlock(kdf)?.code == .storeKeyFileInvalid)
        var shortSalt = original; shortSalt.salt = Data(count: 8)
        #expect(try unlock(shortSalt)?.code == .storeKeyFileInvalid)
        var shortKey = original; shortKey.key = shortKey.key.dropLast()
        #expect(try unlock(shortKey)?.code == .storeKeyFileInvalid)

        try AtomicFile.write(Array("not json".utf8), to: url, permissions: 0o600, replace: true)
        let garbage = #expect(throws: CoveClientError.self) { try KeyProtection.unlock(home: home, passphrase: "pw") }
        #expect(garbage?.code == .storeKeyFileInvalid)

        // Restoring the original file restores access.
        try AtomicFile.write(try original.encoded(), to: url, permissions: 0o600, replace: true)
        _ = try KeyProtection.unlock(home: home, passphrase: "pw")
    }

    @Test func wrappedFileFormatIsStable() throws {
        // A fixed document produced by Python (hashlib.scrypt + cryptography's AESGCM, see
        // docs/client-store.md) must unlock: the format is a contract with existing homes.
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try AtomicFile.write(Array(Self.pythonWrappedKey.utf8), to: home.appendingPathComponent("store.key.scrypt"),
                             permissions: 0o600, replace: false)
        let key = try KeyProtection.unlock(home: home, passphrase: "correct horse battery staple")
        #expect(key.exposedBytes == (0..<32).map { UInt8(0xA0 + $0) })
    }

    static let pythonWrappedKey = #"{"kdf":"scrypt","key":"AQABAgMEBQYHCAkKC6LF+6pBYrVfWIyt0Y8YKsiDU58MAwhoi4ITv8Ljy7A1bCegTFdHlCFoMbWMIHLBvA==","n":1024,"p":1,"r":8,"salt":"EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8=","v":1}"#

    @Test func atomicWriteReplacesAndSetsPermissions() throws {
        let home = try Self.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let url = home.appendingPathComponent("config.json")
        try AtomicFile.write([1], to: url, permissions: 0o644, replace: false)
        try AtomicFile.write([2, 3], to: url, permissions: 0o600, replace: true)
        #expect(try [UInt8](Data(contentsOf: url)) == [2, 3])
        #expect(try Self.permissions(url) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path) == ["config.json"])
        let missing = home.appendingPathComponent("no/such/dir/file")
        let error = #expect(throws: CoveClientError.self) {
            try AtomicFile.write([1], to: missing, permissions: 0o600, replace: true)
        }
        #expect(error?.code == .storeIO)
    }
}
