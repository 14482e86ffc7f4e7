import Crypto
import MLSCrypto

/// A file's 256-bit key: fresh and random for every file, carried to readers inside an MLS
/// application message. Held in ``SecretBytes`` (redacted, zeroized, constant-time equality).
public struct FileKey: Sendable, Hashable, CustomStringConvertible {
    public let secret: SecretBytes

    /// Wraps an existing key; throws `file.invalid_key` unless it is exactly 32 bytes.
    public init(_ secret: SecretBytes) throws {
        guard secret.count == FileFormat.fileKeySize else {
            throw FileCryptoError(.invalidKey, context: "expected \(FileFormat.fileKeySize) bytes")
        }
        self.secret = secret
    }

    /// A new key from the system's cryptographically secure generator (BoringSSL RAND_bytes).
    public static func generate() -> FileKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { SecretBytes($0) }
        return FileKey(unchecked: bytes)
    }

    private init(unchecked secret: SecretBytes) { self.secret = secret }

    public var description: String { "FileKey(redacted)" }
}
