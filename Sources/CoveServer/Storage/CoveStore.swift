/// Accounts and devices.
public protocol AccountStore: Sendable {
    /// Creates an account with its first device, atomically.
    func createAccount(id: String, username: String, firstDevice: DeviceRecord) async throws
    func addDevice(_ device: DeviceRecord) async throws
    func device(id: String) async throws -> DeviceRecord?
    /// `nil` if there is no such user.
    func devices(username: String) async throws -> [DeviceRecord]?
    func devices(accountId: String) async throws -> [DeviceRecord]
}

/// Single-use challenges and bearer tokens (stored by hash only).
public protocol SessionStore: Sendable {
    func insertChallenge(id: String, deviceId: String, nonce: [UInt8], expiresAt: Int64) async throws
    /// Deletes the challenge and returns its nonce if it belongs to `deviceId` and has not expired.
    func consumeChallenge(id: String, deviceId: String, now: Int64) async throws -> [UInt8]?
    func insertToken(hash: [UInt8], deviceId: String, expiresAt: Int64) async throws
    func device(forTokenHash hash: [UInt8], now: Int64) async throws -> String?
    func purgeExpiredSessions(now: Int64) async throws
}

/// One-time KeyPackages and the last-resort one, per device.
public protocol KeyDirectoryStore: Sendable {
    func addKeyPackages(deviceId: String, _ keyPackages: [[UInt8]], lastResort: [UInt8]?, maxCount: Int) async throws
    func keyPackageCount(deviceId: String) async throws -> (count: Int, hasLastResort: Bool)
    /// Removes and returns one one-time KeyPackage, else returns the last-resort one (kept).
    func claimKeyPackage(deviceId: String) async throws -> (bytes: [UInt8], lastResort: Bool)?
}

/// Groups, ordering, fan-out and the per-device queues.
public protocol DeliveryStore: Sendable {
    func createGroup(id: [UInt8], creatorDevice: String, now: Int64) async throws
    func group(id: [UInt8]) async throws -> GroupRecord?
    /// Atomically: idempotency check, epoch compare-and-advance, membership change, fan-out of
    /// the commit to the other members and of the Welcome to the added devices.
    func acceptCommit(_ submission: CommitSubmission) async throws -> SubmissionOutcome
    /// Atomically: idempotency check, membership check, fan-out to every other member device.
    func acceptMessage(_ submission: MessageSubmission) async throws -> SubmissionOutcome
    func pending(deviceId: String, afterSeq: Int64, limit: Int) async throws -> [QueueEntry]
    /// The seqs of the device's queue, oldest first, at most `limit`: no payloads (an index-only
    /// read), so the WebSocket writer can re-scan its window cheaply (see PushWindow).
    func pendingSeqs(deviceId: String, limit: Int) async throws -> [Int64]
    /// The device's queue entries among `seqs` that are still queued, in seq order.
    func pending(deviceId: String, seqs: [Int64]) async throws -> [QueueEntry]
    /// Removes the device's own entries among `seqs`; returns how many.
    func ack(deviceId: String, seqs: [Int64]) async throws -> Int
    /// Drops queue entries older than `before` (and messages no queue references any more).
    func expire(before: Int64) async throws -> Int
}

/// Everything the server stores, behind one value. Backends: SQLite (default), PostgreSQL; both
/// run the same StorageConformanceTests.
public protocol CoveStore: AccountStore, SessionStore, KeyDirectoryStore, DeliveryStore, BlobStore, TransparencyStore,
    DeviceLifecycleStore, GroupDirectoryStore, CommitValidationStore {}
