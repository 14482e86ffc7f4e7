import CoveProtocol

/// Blobs: creation within the size limit and quota, chunk upload, pins, and garbage collection.
extension CoveService {
    /// The `blobIds` of a message: at most 100 well-formed ids (existence is checked by the store).
    static func checkBlobReferences(_ ids: [String]?) throws -> [String] {
        guard let ids else { return [] }
        guard ids.count <= 100, ids.allSatisfy({ BlobFileStore.validID($0) }) else {
            throw APIError.invalidField("blobIds must list at most 100 blob ids")
        }
        return ids
    }

    public func createBlob(caller: DeviceRecord, _ request: CreateBlobRequest) async throws -> BlobStatus {
        guard request.size > 0 else { throw APIError.invalidField("size must be positive") }
        guard request.size <= configuration.maxBlobSize else {
            throw APIError(.contentTooLarge, .blobTooLarge, "blob exceeds the size limit of \(configuration.maxBlobSize) bytes")
        }
        let id = Self.base64url(Self.randomBytes(16))
        try await store.createBlob(id: id, accountId: caller.accountId, size: request.size, quota: configuration.blobQuota,
                                   now: clock.nowMillis())
        return BlobStatus(blobId: id, size: request.size, received: 0, complete: false)
    }

    public func appendChunk(caller: DeviceRecord, blobId: String, offset: Int64, bytes: [UInt8]) async throws -> BlobStatus {
        guard !bytes.isEmpty else { throw APIError.invalidField("empty chunk") }
        let blob = try await store.appendChunk(id: blobId, accountId: caller.accountId, offset: offset, bytes: bytes, now: clock.nowMillis())
        return BlobStatus(blobId: blob.id, size: blob.size, received: blob.received, complete: blob.complete)
    }

    public func pinBlob(caller: DeviceRecord, blobId: String, group: GroupID) async throws -> BlobPinStatus {
        try await store.pinBlob(id: blobId, group: group.bytes, device: caller.id, now: clock.nowMillis())
        return BlobPinStatus(blobId: blobId, groupId: group, pinned: true)
    }

    public func unpinBlob(caller: DeviceRecord, blobId: String, group: GroupID) async throws -> BlobPinStatus {
        _ = try await store.unpinBlob(id: blobId, group: group.bytes, device: caller.id)
        return BlobPinStatus(blobId: blobId, groupId: group, pinned: false)
    }

    /// One garbage-collection pass with the configured grace period.
    public func collectBlobGarbage() async throws -> BlobGarbageReport {
        let report = try await store.collectBlobGarbage(now: clock.nowMillis(), grace: configuration.blobGracePeriod.milliseconds)
        metrics.blobsCollected(report.deleted)
        return report
    }
}
