import Foundation
import MLSCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the store key is kept at rest in a home directory (docs/client-store.md): the user
/// chooses at `cove init` between a passphrase (scrypt) and a key file.
///
/// - Key-file mode: `HOME/store.key`, mode 0600, holding `0x01 || key (32 bytes)`. Anyone who
///   can read the file can read the store; it protects a store copied without its key file.
/// - Passphrase mode: `HOME/store.key.scrypt`, a versioned JSON document with the scrypt
///   parameters, a random salt and the store key sealed under the scrypt-derived key.
public enum KeyProtection {
    /// Which of the two protections a home directory uses.
    public enum Mode: String, Sendable, Hashable, Codable {
        case passphrase
        case keyFile = "key-file"
    }

    /// File name of the key in key-file mode.
    public static let keyFileName = "store.key"
    /// File name of the wrapped key in passphrase mode.
    public static let wrappedKeyFileName = "store.key.scrypt"
    static let keyFileVersion: UInt8 = 1

    /// The mode of the store in `home`, or nil when it has no store key yet. When both files
    /// exist (only by hand), the passphrase file wins: it is the stronger protection.
    public static func mode(home: URL) -> Mode? {
        if exists(home.appendingPathComponent(wrappedKeyFileName)) { return .passphrase }
        if exists(home.appendingPathComponent(keyFileName)) { return .keyFile }
        return nil
    }

    /// Creates a fresh store key for `home` and writes it atomically, protected by `passphrase`
    /// (scrypt with ``Scrypt/Parameters/storeDefault``) or, when nil, in a 0600 key file.
    /// Creates `home` (mode 0700) if it does not exist. Never overwrites an existing key.
    ///
    /// - Throws: `store.already_initialized`, `store.passphrase_invalid` (empty), `store.io`.
    public static func create(home: URL, passphrase: String?) throws -> StoreKey {
        try create(home: home, passphrase: passphrase, parameters: .storeDefault)
    }

    /// ``create(home:passphrase:)`` with explicit scrypt parameters, so tests can use a small N.
    static func create(home: URL, passphrase: String?, parameters: Scrypt.Parameters) throws -> StoreKey {
        guard mode(home: home) == nil else {
            throw CoveClientError(.storeAlreadyInitialized, "\(home.path) already has a store key",
                                  hint: "this home directory is already initialized; use another --home")
        }
        try ensureDirectory(home)
        let key = StoreKey.generate()
        if let passphrase {
            let file = try WrappedStoreKey.wrap(key, passphrase: passphrase, parameters: parameters)
            try AtomicFile.write(try file.encoded(), to: home.appendingPathComponent(wrappedKeyFileName),
                                 permissions: 0o600, replace: false)
        } else {
            var contents = [keyFileVersion] + key.exposedBytes
            defer { wipeSecretCopy(&contents) }
            try AtomicFile.write(contents, to: home.appendingPathComponent(keyFileName), permissions: 0o600, replace: false)
        }
        return key
    }

    /// Reads the store key of `home`. In key-file mode `passphrase` is ignored.
    ///
    /// - Throws: `store.not_initialized`, `store.passphrase_required`, `store.wrong_passphrase`,
    ///   `store.key_file_permissions`, `store.key_file_invalid`, `store.kdf_parameters`, `store.io`.
    public static func unlock(home: URL, passphrase: String?) throws -> StoreKey {
        switch mode(home: home) {
        case nil:
            throw CoveClientError(.storeNotInitialized, "\(home.path) has no store key",
                                  hint: "run `cove --home \(home.path) init` first, or check --home")
        case .passphrase?:
            guard let passphrase else {
                throw CoveClientError(.storePassphraseRequired, "this store is protected by a passphrase",
                                      hint: "give it with --passphrase-file FILE or the COVE_PASSPHRASE environment variable")
            }
            let bytes = try readFile(home.appendingPathComponent(wrappedKeyFileName), ownerOnly: false)
            return try WrappedStoreKey.decode(bytes).unwrap(passphrase: passphrase)
        case .keyFile?:
            let url = home.appendingPathComponent(keyFileName)
            var bytes = try readFile(url, ownerOnly: true)
            defer { wipeSecretCopy(&bytes) }
            guard bytes.count == 1 + StoreKey.byteCount, bytes[0] == keyFileVersion else {
                throw CoveClientError(.storeKeyFileInvalid, "\(url.path) is not a Cove store key",
                                      hint: "restore the key file from a backup")
            }
            return try StoreKey(secret: SecretBytes(bytes[1...]))
        }
    }

    /// Refuses a key file that is not a regular file or, with `ownerOnly`, that group or others
    /// may access. Checks the open descriptor (fstat), so the file checked is the file read.
    static func checkOpenedFile(_ fd: Int32, _ url: URL, ownerOnly: Bool) throws {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw AtomicFile.ioError("stat", url.path) }
        guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFREG) else {
            throw CoveClientError(.storeKeyFilePermissions, "\(url.path) is not a regular file",
                                  hint: "replace it with the key file from a backup")
        }
        guard !ownerOnly || info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw CoveClientError(.storeKeyFilePermissions,
                                  "\(url.path) is accessible by other users (mode \(mode))",
                                  hint: "run `chmod 600 \(url.path)`; if others could read it, create a new home")
        }
    }

    private static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    private static func ensureDirectory(_ url: URL) throws {
        var info = stat()
        if stat(url.path, &info) == 0 {
            guard info.st_mode & mode_t(S_IFMT) == mode_t(S_IFDIR) else {
                throw CoveClientError(.storeIO, "\(url.path) is not a directory", hint: "choose another --home")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CoveClientError(.storeIO, "cannot create \(url.path)", hint: "check the parent directory's permissions")
        }
    }

    /// Reads a small regular file (a key file is tens of bytes; 64 KiB is a sanity bound).
    /// O_NONBLOCK so that a FIFO planted in its place is refused instead of blocking the open.
    private static func readFile(_ url: URL, ownerOnly: Bool) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw AtomicFile.ioError("open", url.path) }
        defer { _ = close(fd) }
        try checkOpenedFile(fd, url, ownerOnly: ownerOnly)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Best effort: the chunk held key bytes.
        defer { wipeSecretCopy(&chunk) }
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw AtomicFile.ioError("read", url.path) }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= 64 << 10 else {
                throw CoveClientError(.storeKeyFileInvalid, "\(url.path) is too large to be a key file",
                                      hint: "restore the key file from a backup")
            }
        }
        return bytes
    }
}
