import Foundation

/// Where a resumable upload is; sealed (it holds the file key) in a ``TransferRecord``.
///
/// Phases: `encrypting` (the ciphertext is being written to `staging`; on resume it is redone
/// from scratch with a fresh key and salt, never continued, so no (key, nonce) pair can seal two
/// different plaintexts), `encrypted` (staging complete, hash known), `uploading` (blob created;
/// resume from the server's `received` offset).
struct UploadState: Codable, Sendable {
    var source: String
    var fingerprint: SourceFingerprint
    var key: Data
    var staging: String
    var phase: String
    var sha256: String?
    var plaintextSize: Int64?
    var ciphertextSize: Int64?
    var blobId: String?

    static let encrypting = "encrypting"
    static let encrypted = "encrypted"
    static let uploading = "uploading"
}

/// Where a resumable download is: the reference (with its key), the destination and the
/// partial ciphertext file (which grows as bytes arrive; its length is the resume offset).
struct DownloadState: Codable, Sendable {
    var reference: FileReference
    var destination: String
    var partial: String
}

/// What identifies a version of a local file cheaply: if any of these changed since an upload
/// started, the staged ciphertext is not of the current file and the upload starts again.
struct SourceFingerprint: Codable, Sendable, Hashable {
    var size: Int64
    var modifiedNanoseconds: Int64
    var inode: UInt64
    var device: UInt64
}
