// Blobs: encrypted attachments, uploaded in order in chunks and resumable.
// POST /v1/blobs, PUT /v1/blobs/{blobId}/chunks?offset=N (raw bytes),
// GET /v1/blobs/{blobId} (status), GET /v1/blobs/{blobId}/content?offset=&length= (raw bytes).

public struct CreateBlobRequest: Hashable, Sendable, Codable {
    /// Total ciphertext size in bytes.
    public var size: Int64
    public init(size: Int64) { self.size = size }
}

public struct BlobStatus: Hashable, Sendable, Codable {
    /// Unguessable id; whoever knows it (members, via MLS) may download the ciphertext.
    public var blobId: String
    public var size: Int64
    /// Bytes received so far: the offset of the next chunk (resume from here).
    public var received: Int64
    public var complete: Bool
    public init(blobId: String, size: Int64, received: Int64, complete: Bool) {
        self.blobId = blobId
        self.size = size
        self.received = received
        self.complete = complete
    }
}

/// `POST /v1/blobs/{blobId}/pin`: keep the blob for a group (a shared folder) until unpinned.
/// Unpin: `DELETE /v1/blobs/{blobId}/pin?groupId=...`. Only member devices of the group may do either.
public struct PinBlobRequest: Hashable, Sendable, Codable {
    public var groupId: GroupID
    public init(groupId: GroupID) { self.groupId = groupId }
}

/// Answer to pin and unpin.
public struct BlobPinStatus: Hashable, Sendable, Codable {
    public var blobId: String
    public var groupId: GroupID
    /// Whether the group pins the blob after the request.
    public var pinned: Bool
    public init(blobId: String, groupId: GroupID, pinned: Bool) {
        self.blobId = blobId
        self.groupId = groupId
        self.pinned = pinned
    }
}
