import CoveFileCrypto
import CoveProtocol

extension CoveClientError.Code {
    /// The local file to send does not exist, is not a regular file, or cannot be read.
    public static let fileUnreadable = Self("file.unreadable")
    /// The local file changed while it was being encrypted.
    public static let fileChanged = Self("file.changed")
    /// The destination of a download cannot be written.
    public static let fileDestination = Self("file.destination")
    /// No file with this id was sent or received on this device.
    public static let unknownFile = Self("file.unknown")
    /// The server no longer has (or never had) the file's blob.
    public static let fileMissing = Self("file.missing")
    /// The sender's upload of the file has not finished.
    public static let fileIncomplete = Self("file.incomplete")
    /// The server refuses the file: larger than its size limit, or over this account's quota.
    public static let fileTooLarge = Self("file.too_large")
    /// The file key does not open the downloaded file (key commitment mismatch).
    public static let fileWrongKey = Self("file.wrong_key")
    /// The downloaded ciphertext ends early.
    public static let fileTruncated = Self("file.truncated")
    /// The downloaded ciphertext was modified (a chunk fails authentication, bytes were added,
    /// the header is altered, or its size is not the announced one).
    public static let fileTampered = Self("file.tampered")
    /// The file decrypted, but its size or SHA-256 is not what the sender announced.
    public static let fileMismatch = Self("file.mismatch")
    /// A file reference is malformed (bad key length, name with directories, bad hash...).
    public static let invalidFileReference = Self("file.invalid_reference")
}

extension CoveClientError {
    /// The SDK error for a failure of CoveFileCrypto while opening a downloaded file. The
    /// message names the format's code and the chunk, never key or content.
    static func fromFileCrypto(_ error: FileCryptoError) -> CoveClientError {
        let detail = error.description
        switch error.code {
        case .wrongKey:
            return CoveClientError(.fileWrongKey, "the file's key does not open the downloaded file (\(detail))",
                                   hint: "the file was replaced on the server or the reference is wrong; ask the sender to send it again")
        case .truncated:
            return CoveClientError(.fileTruncated, "the downloaded file is truncated (\(detail))",
                                   hint: "run the same command again to download it afresh")
        case .io:
            return CoveClientError(.fileDestination, "cannot read or write a file (\(detail))", hint: "check disk space and permissions")
        default:
            return CoveClientError(.fileTampered, "the downloaded file was modified (\(detail))",
                                   hint: "it was altered on the server or in transit; run the command again, or ask the sender to resend")
        }
    }

    /// The SDK error for a blob call refused by the server.
    static func fromBlob(_ failure: APIFailure) -> CoveClientError {
        switch failure.code {
        case .unknownBlob:
            return CoveClientError(.fileMissing, "the server has no such file",
                                   hint: "files no message references any more are deleted; ask the sender to send it again")
        case .blobTooLarge:
            return CoveClientError(.fileTooLarge, "the server refuses the file: \(failure.body.message)",
                                   hint: "the file exceeds the server's size limit or your storage quota; free space or send a smaller file")
        case .blobState:
            return CoveClientError(.fileIncomplete, "the server refused a part of the file: \(failure.body.message)",
                                   hint: "run the same command again to resume")
        default:
            return failure.clientError
        }
    }
}
