/// A device row joined with its account.
public struct DeviceRecord: Hashable, Sendable {
    public var id: String
    public var accountId: String
    public var username: String
    public var name: String
    public var signatureKey: [UInt8]
    public var createdAt: Int64
    /// Set once the device is revoked (Unix milliseconds); a revoked device cannot authenticate.
    public var revokedAt: Int64? = nil

    public init(id: String, accountId: String, username: String, name: String, signatureKey: [UInt8], createdAt: Int64) {
        self.id = id
        self.accountId = accountId
        self.username = username
        self.name = name
        self.signatureKey = signatureKey
        self.createdAt = createdAt
    }
}

/// A group as the delivery service knows it.
public struct GroupRecord: Hashable, Sendable {
    public var id: [UInt8]
    public var epoch: UInt64
    public var members: [String]
}

/// A commit to store: the group moves from `epoch` to `epoch + 1`.
public struct CommitSubmission: Hashable, Sendable {
    public var groupId: [UInt8]
    public var senderDevice: String
    public var clientMessageId: String
    public var epoch: UInt64
    public var commit: [UInt8]
    public var welcome: [UInt8]?
    public var added: [String]
    public var removed: [String]
    public var now: Int64
    /// MLSMessage(GroupInfo) of the epoch the commit creates; replaces the group's stored one.
    public var groupInfo: [UInt8]? = nil
    /// Leaves whose occupant the commit changes (checked by the service against the group's
    /// leaf map at `epoch`; the epoch compare-and-advance makes that map current).
    public var leafChanges: [LeafAssignment] = []

    public init(groupId: [UInt8], senderDevice: String, clientMessageId: String, epoch: UInt64, commit: [UInt8], welcome: [UInt8]?, added: [String], removed: [String], now: Int64) {
        self.groupId = groupId
        self.senderDevice = senderDevice
        self.clientMessageId = clientMessageId
        self.epoch = epoch
        self.commit = commit
        self.welcome = welcome
        self.added = added
        self.removed = removed
        self.now = now
    }
}

/// An application message or proposal to fan out.
public struct MessageSubmission: Hashable, Sendable {
    public var groupId: [UInt8]
    public var senderDevice: String
    public var clientMessageId: String
    public var kind: String
    public var epoch: UInt64
    public var payload: [UInt8]
    public var now: Int64
    /// Blobs (attachments) the message references: kept from garbage collection while the
    /// message is queued for any device.
    public var blobIds: [String] = []

    public init(groupId: [UInt8], senderDevice: String, clientMessageId: String, kind: String, epoch: UInt64, payload: [UInt8], now: Int64,
                blobIds: [String] = []) {
        self.blobIds = blobIds
        self.groupId = groupId
        self.senderDevice = senderDevice
        self.clientMessageId = clientMessageId
        self.kind = kind
        self.epoch = epoch
        self.payload = payload
        self.now = now
    }
}

/// What the store did with a submission.
public struct SubmissionOutcome: Hashable, Sendable {
    public var messageId: Int64
    public var epoch: UInt64
    public var duplicate: Bool
    /// Devices that got a new queue entry (empty for duplicates).
    public var recipients: [String]
    /// The queue entries the submission created, one per recipient device, so the server can push
    /// them to connected devices from memory once the transaction has committed (empty for
    /// duplicates).
    public var deliveries: [QueuedDelivery] = []
}

/// One queue entry created by an accepted submission, with the device whose queue holds it.
public struct QueuedDelivery: Hashable, Sendable {
    public var deviceId: String
    public var entry: QueueEntry

    public init(deviceId: String, entry: QueueEntry) {
        self.deviceId = deviceId
        self.entry = entry
    }
}

/// One entry of a device queue.
public struct QueueEntry: Hashable, Sendable {
    public var seq: Int64
    public var messageId: Int64
    public var groupId: [UInt8]
    public var kind: String
    public var senderDevice: String
    public var epoch: UInt64
    public var payload: [UInt8]
    public var createdAt: Int64
}

/// An uploaded (or uploading) blob.
public struct BlobRecord: Hashable, Sendable {
    public var id: String
    public var accountId: String
    public var size: Int64
    public var received: Int64
    public var complete: Bool
}
