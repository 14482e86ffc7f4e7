import CoveFileCrypto
import Foundation

/// Everything a reader needs to fetch and open one encrypted file: where the ciphertext is (the
/// server's blob id), the file's key (CoveFileCrypto, docs/file-format.md) and what the plaintext
/// must be (name, size, SHA-256). It travels only inside MLS application messages and is stored
/// only sealed; its key is never logged (``description`` redacts it).
///
/// JSON form: `{"blobId","key","name","size","sha256"}` with `key` in standard base64.
public struct FileReference: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The server's blob id of the ciphertext.
    public var blobId: String
    /// The file's 32-byte key.
    public var key: [UInt8]
    /// The file name as sent, without directories.
    public var name: String
    /// Plaintext bytes.
    public var size: Int64
    /// Lowercase hex SHA-256 of the plaintext, checked after download.
    public var sha256: String

    public init(blobId: String, key: [UInt8], name: String, size: Int64, sha256: String) {
        self.blobId = blobId
        self.key = key
        self.name = name
        self.size = size
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey { case blobId, key, name, size, sha256 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        blobId = try c.decode(String.self, forKey: .blobId)
        guard let key = Data(base64Encoded: try c.decode(String.self, forKey: .key)) else {
            throw DecodingError.dataCorruptedError(forKey: .key, in: c, debugDescription: "key is not base64")
        }
        self.key = Array(key)
        name = try c.decode(String.self, forKey: .name)
        size = try c.decode(Int64.self, forKey: .size)
        sha256 = try c.decode(String.self, forKey: .sha256)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(blobId, forKey: .blobId)
        try c.encode(Data(key).base64EncodedString(), forKey: .key)
        try c.encode(name, forKey: .name)
        try c.encode(size, forKey: .size)
        try c.encode(sha256, forKey: .sha256)
    }

    /// Names the file without its key.
    public var description: String { "FileReference(\(blobId), \(name), \(size) bytes, key redacted)" }
    public var debugDescription: String { description }

    /// Whether every field is well formed: a blob id the server could have issued, a 32-byte key,
    /// a plain file name (no directories, no control characters, not `.`/`..`), a size the
    /// format can carry, and 64 lowercase hex digits. References from other members are checked
    /// with this before they are stored.
    public var isWellFormed: Bool {
        let idOK = !blobId.isEmpty && blobId.utf8.count <= 64
            && blobId.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        let hexOK = sha256.utf8.count == 64 && sha256.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
        return idOK && key.count == FileFormat.fileKeySize && Self.isPlainName(name) && size >= 0
            && UInt64(size) <= FileFormat.maxPlaintextSize && hexOK
    }

    /// A file name with no path: 1-255 UTF-8 bytes, no `/`, `\`, NUL or control characters, not
    /// `.` or `..`. A received name is only ever shown or used as a default, never trusted as a path.
    static func isPlainName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255, name != ".", name != ".." else { return false }
        return !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }
}
