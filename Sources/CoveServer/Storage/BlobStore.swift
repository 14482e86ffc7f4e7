/// Encrypted blobs (attachments, shared-folder files): created with their final size, uploaded in
/// order in chunks (resumable from `received`), read in ranges, and deleted by garbage collection
/// once nothing references them.
///
/// Where the bytes live is the backend's choice: ``SQLCoveStore`` with ``BlobFileStore`` (the
/// SQLite server) keeps them in files under the data directory; without it (PostgreSQL) they are
/// chunk rows in the database, so every node sees them. Metadata, quota usage, pins and message
/// references are always in the database.
public protocol BlobStore: Sendable {
    /// Creates an empty blob of `size` bytes, reserving `size` of the account's quota atomically
    /// (concurrent creations never exceed `quota` together). Throws `blobTooLarge` over quota.
    func createBlob(id: String, accountId: String, size: Int64, quota: Int64, now: Int64) async throws
    func blob(id: String) async throws -> BlobRecord?
    /// Appends `bytes` at `offset`, which must equal the bytes received so far. The chunk is
    /// durable (fsynced file, or committed row) before this returns.
    func appendChunk(id: String, accountId: String, offset: Int64, bytes: [UInt8], now: Int64) async throws -> BlobRecord
    /// Streams bytes `[offset, offset + length)` of the blob to `sink`, in pieces of at most one
    /// stored chunk (rows) or 64 KiB (files): memory stays bounded whatever the range.
    func readBlob(id: String, offset: Int64, length: Int64, into sink: ([UInt8]) async throws -> Void) async throws
    /// Keeps the blob alive for `group` (a shared folder) until unpinned. The device must be a
    /// member of the group (`notMember`), the blob must exist (`unknownBlob`).
    func pinBlob(id: String, group: [UInt8], device: String, now: Int64) async throws
    /// Removes `group`'s pin; returns whether there was one. Same checks as ``pinBlob``.
    func unpinBlob(id: String, group: [UInt8], device: String) async throws -> Bool
    /// One garbage-collection pass: complete blobs that no queued message references and no group
    /// pins are marked when first seen unreferenced and deleted once they stayed so for `grace`
    /// ms; incomplete uploads are deleted once idle (no chunk) for `grace` ms. Frees their quota.
    func collectBlobGarbage(now: Int64, grace: Int64) async throws -> BlobGarbageReport
}

extension BlobStore {
    /// The whole range in memory: for tests and small reads only.
    public func readBlob(id: String, offset: Int64, length: Int64) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await readBlob(id: id, offset: offset, length: length) { out += $0 }
        return out
    }
}

/// What one garbage-collection pass did.
public struct BlobGarbageReport: Hashable, Sendable {
    /// Blobs deleted (complete and unreferenced past the grace period, or idle incomplete).
    public var deleted: Int
    /// Blobs newly found unreferenced (deleted by a later pass unless referenced again).
    public var marked: Int
    public init(deleted: Int, marked: Int) {
        self.deleted = deleted
        self.marked = marked
    }
}
