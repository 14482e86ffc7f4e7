/// The SDK's local persistence, behind a protocol so the SDK has no database dependency
/// (CoveClientSQLite implements it on SQLite).
///
/// The store is deliberately dumb: it keeps rows and applies a ``StoreBatch`` atomically. Key
/// material reaches it only already sealed by the SDK's store key (device private key,
/// KeyPackage private keys, MLS group state), so a store implementation never sees a secret in
/// clear. Every state change the SDK acknowledges to the server or reports to the caller is
/// written by one `apply` call first.
public protocol ClientStore: Sendable {
    /// A setting (`nil` if never set).
    func setting(_ key: String) async throws -> [UInt8]?
    /// All groups this device knows, active or not.
    func groups() async throws -> [GroupRecord]
    /// One group.
    func group(id: [UInt8]) async throws -> GroupRecord?
    /// KeyPackages whose private keys are still held.
    func keyPackages() async throws -> [KeyPackageRecord]
    /// Whether the server message with this id was already processed (and so must only be acked).
    func isProcessed(messageId: Int64) async throws -> Bool
    /// Submissions written but not yet confirmed by the server, oldest first.
    func outbox() async throws -> [OutboxRecord]
    /// The newest `limit` messages of a group, oldest first.
    func messages(groupId: [UInt8], limit: Int) async throws -> [MessageRecord]
    /// Events recorded but not yet reported, oldest first, with their sequence numbers.
    func pendingEvents() async throws -> [(seq: Int64, event: [UInt8])]
    /// The state of a resumable file transfer (``TransferRecord``), nil if none.
    func transfer(id: String) async throws -> TransferRecord?
    /// Files sent or received whose client id (the `id` of the file event) is `clientId`.
    func files(clientId: String) async throws -> [FileRecord]
    /// Applies every change of `batch` in one transaction: all or nothing, durable on return.
    func apply(_ batch: StoreBatch) async throws
    /// Closes the store; no call may follow.
    func close() async throws
}

/// A set of changes applied atomically by ``ClientStore/apply(_:)``.
public struct StoreBatch: Sendable {
    public enum Change: Sendable {
        case setSetting(key: String, value: [UInt8])
        case putGroup(GroupRecord)
        case putKeyPackage(KeyPackageRecord)
        case deleteKeyPackage(reference: [UInt8])
        /// Ignored if a message with the same id exists (dedup of re-deliveries).
        case addMessage(MessageRecord)
        case markProcessed(messageId: Int64)
        case putOutbox(OutboxRecord)
        case deleteOutbox(id: String)
        /// Records an event (its JSON line) to report to the user.
        case addEvent([UInt8])
        /// Drops reported events up to and including `seq`.
        case deleteEvents(through: Int64)
        /// Creates or replaces a file transfer's state.
        case putTransfer(TransferRecord)
        case deleteTransfer(id: String)
        /// Records a file sent or received; ignored if one with the same id exists.
        case addFile(FileRecord)
    }

    public var changes: [Change]
    public init(_ changes: [Change] = []) { self.changes = changes }
    public mutating func append(_ change: Change) { changes.append(change) }
    public var isEmpty: Bool { changes.isEmpty }
}

/// One MLS group as this device holds it.
public struct GroupRecord: Sendable, Hashable {
    public var groupId: [UInt8]
    /// The group's name (from its `meta` content); nil until learned, and for direct chats.
    public var name: String?
    /// `direct` or `group` (from `meta`; `group` until learned).
    public var kind: String
    /// The sealed `MLSGroup` state of the current epoch.
    public var sealedState: [UInt8]
    /// The sealed state of the epoch our own pending (submitted, unconfirmed) commit creates.
    public var sealedPendingState: [UInt8]?
    /// The outbox entry carrying that commit.
    public var pendingCommitId: String?
    public var epoch: UInt64
    /// False once this device was removed from the group.
    public var active: Bool
    /// `username/deviceId` of every member leaf (public; for listings without unsealing).
    public var members: [String]
    /// Unix milliseconds.
    public var updatedAt: Int64

    public init(groupId: [UInt8], name: String?, kind: String, sealedState: [UInt8], sealedPendingState: [UInt8]? = nil,
                pendingCommitId: String? = nil, epoch: UInt64, active: Bool, members: [String], updatedAt: Int64) {
        self.groupId = groupId
        self.name = name
        self.kind = kind
        self.sealedState = sealedState
        self.sealedPendingState = sealedPendingState
        self.pendingCommitId = pendingCommitId
        self.epoch = epoch
        self.active = active
        self.members = members
        self.updatedAt = updatedAt
    }
}

/// A KeyPackage whose private keys this device keeps until a Welcome uses it.
public struct KeyPackageRecord: Sendable, Hashable {
    /// The KeyPackageRef (RFC 9420 §5.2).
    public var reference: [UInt8]
    /// The sealed bundle (KeyPackage and its two HPKE private keys).
    public var sealedBundle: [UInt8]
    public var lastResort: Bool
    public var createdAt: Int64

    public init(reference: [UInt8], sealedBundle: [UInt8], lastResort: Bool, createdAt: Int64) {
        self.reference = reference
        self.sealedBundle = sealedBundle
        self.lastResort = lastResort
        self.createdAt = createdAt
    }
}

/// A text message of a conversation, sent or received.
public struct MessageRecord: Sendable, Hashable {
    /// `senderDevice:clientMessageId`: unique per message across every device.
    public var id: String
    public var groupId: [UInt8]
    public var sender: String
    public var senderDevice: String
    public var text: String
    /// Unix milliseconds, as the sender claims.
    public var sentAt: Int64
    /// Local insertion order (set by the store).
    public var position: Int64

    public init(id: String, groupId: [UInt8], sender: String, senderDevice: String, text: String, sentAt: Int64, position: Int64 = 0) {
        self.id = id
        self.groupId = groupId
        self.sender = sender
        self.senderDevice = senderDevice
        self.text = text
        self.sentAt = sentAt
        self.position = position
    }
}

/// A submission to the server written before it is sent, so that a client killed in between
/// sends it on the next open (the server deduplicates by client message id).
public struct OutboxRecord: Sendable, Hashable {
    /// The client message id.
    public var id: String
    public var groupId: [UInt8]
    /// `message` (SubmitMessageRequest) or `commit` (SubmitCommitRequest).
    public var kind: String
    /// The JSON request body (ciphertext and public data only).
    public var request: [UInt8]
    public var createdAt: Int64

    public init(id: String, groupId: [UInt8], kind: String, request: [UInt8], createdAt: Int64) {
        self.id = id
        self.groupId = groupId
        self.kind = kind
        self.request = request
        self.createdAt = createdAt
    }
}
