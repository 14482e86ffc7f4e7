/// The state of one resumable upload or download, written before the SDK acts on it so a client
/// killed mid-transfer continues where it was. The state holds the file key, so it is stored only
/// sealed by the store key (like group states).
public struct TransferRecord: Sendable, Hashable {
    /// `upload-HASH` (of the source path) or `download-HASH` (of blob id and destination).
    public var id: String
    /// `upload` or `download`.
    public var kind: String
    /// The sealed JSON state (see `UploadState` / `DownloadState` in Files/).
    public var sealedState: [UInt8]
    /// Unix milliseconds.
    public var updatedAt: Int64

    public init(id: String, kind: String, sealedState: [UInt8], updatedAt: Int64) {
        self.id = id
        self.kind = kind
        self.sealedState = sealedState
        self.updatedAt = updatedAt
    }
}

/// A file sent or received in a conversation: its public metadata in clear (for listings) and
/// its ``FileReference`` (with the file key) sealed by the store key.
public struct FileRecord: Sendable, Hashable {
    /// `senderDevice:clientId`: unique per file across every device.
    public var id: String
    /// The sender's id of the file message (what `cove file get ID` takes).
    public var clientId: String
    public var groupId: [UInt8]
    public var sender: String
    public var senderDevice: String
    public var name: String
    /// Plaintext bytes.
    public var size: Int64
    /// The sealed JSON ``FileReference``.
    public var sealedReference: [UInt8]
    /// Unix milliseconds, as the sender claims.
    public var sentAt: Int64

    public init(id: String, clientId: String, groupId: [UInt8], sender: String, senderDevice: String, name: String, size: Int64,
                sealedReference: [UInt8], sentAt: Int64) {
        self.id = id
        self.clientId = clientId
        self.groupId = groupId
        self.sender = sender
        self.senderDevice = senderDevice
        self.name = name
        self.size = size
        self.sealedReference = sealedReference
        self.sentAt = sentAt
    }
}
