import CoveProtocol
import Crypto
import Foundation
import Logging
import MLSCodec
import MLSCore

/// The server's behaviour, independent of HTTP: every public method authorises, validates and
/// either stores atomically or throws an ``APIError``. Request handlers are thin wrappers.
public struct CoveService: Sendable {
    public let store: any CoveStore
    public let hub: DeliveryHub
    public let configuration: ServerConfiguration
    public let clock: ServerClock
    let limiter: RateLimiter
    let metrics: ServerMetrics

    public init(store: any CoveStore, configuration: ServerConfiguration, clock: ServerClock = .system, hub: DeliveryHub = DeliveryHub()) {
        self.store = store
        self.hub = hub
        self.configuration = configuration
        self.clock = clock
        self.limiter = RateLimiter(clock: clock)
        self.metrics = ServerMetrics()
    }

    static func newID() -> String { UUID().uuidString.lowercased() }

    static func randomBytes(_ n: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    // MARK: validation helpers

    static func validUsername(_ s: String) -> Bool {
        (1...64).contains(s.utf8.count) && s.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    static func validIdentifier(_ s: String, max: Int = 128) -> Bool {
        (1...max).contains(s.utf8.count) && s.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }

    static func checkDeviceName(_ s: String) throws {
        guard (1...64).contains(s.count), !s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalidField("device name must be 1-64 printable characters")
        }
    }

    static func checkSignatureKey(_ key: [UInt8]) throws {
        guard key.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil else {
            throw APIError(.badRequest, .invalidSignatureKey, "signatureKey must be a 32-byte Ed25519 public key")
        }
    }

    static func checkClientMessageId(_ s: String) throws {
        guard validIdentifier(s) else { throw APIError.invalidField("clientMessageId must be 1-128 printable ASCII characters") }
    }

    static func decodeMLS(_ bytes: [UInt8], what: String) throws -> MLSMessage {
        do {
            return try MLSMessage(mlsEncoded: bytes)
        } catch {
            throw APIError(.badRequest, .invalidMLSMessage, "\(what) is not a valid MLSMessage")
        }
    }

    // MARK: rate limits

    func limitAddress(_ address: String) async throws {
        if let wait = await limiter.take("a:" + address, rate: configuration.addressRate, burst: configuration.addressBurst) {
            metrics.rateLimited()
            throw APIError(.tooManyRequests, .rateLimited, "too many requests from this address", retryAfter: wait)
        }
    }

    func limitDevice(_ device: String) async throws {
        if let wait = await limiter.take("d:" + device, rate: configuration.deviceRate, burst: configuration.deviceBurst) {
            metrics.rateLimited()
            throw APIError(.tooManyRequests, .rateLimited, "too many requests from this device", retryAfter: wait)
        }
    }

    // MARK: accounts and devices

    public func register(_ request: RegisterRequest) async throws -> RegisterResponse {
        if case .token(let tokens) = configuration.registration {
            guard let token = request.registrationToken, tokens.contains(token) else {
                throw APIError(.forbidden, .registrationClosed, "registration needs a valid registration token")
            }
        }
        guard Self.validUsername(request.username) else {
            throw APIError(.badRequest, .invalidUsername, "username must be 1-64 characters of a-z 0-9 . _ -")
        }
        try Self.checkDeviceName(request.device.name)
        try Self.checkSignatureKey(request.device.signatureKey.bytes)
        let accountId = Self.newID(), deviceId = Self.newID()
        let device = DeviceRecord(id: deviceId, accountId: accountId, username: request.username, name: request.device.name,
                                  signatureKey: request.device.signatureKey.bytes, createdAt: clock.nowMillis())
        try await store.createAccount(id: accountId, username: request.username, firstDevice: device)
        metrics.registered()
        return try await withInclusion(RegisterResponse(accountId: accountId, deviceId: deviceId))
    }

    public func addDevice(caller: DeviceRecord, _ request: AddDeviceRequest) async throws -> RegisterResponse {
        try Self.checkDeviceName(request.device.name)
        try Self.checkSignatureKey(request.device.signatureKey.bytes)
        let deviceId = Self.newID()
        try await store.addDevice(DeviceRecord(id: deviceId, accountId: caller.accountId, username: caller.username,
                                               name: request.device.name, signatureKey: request.device.signatureKey.bytes,
                                               createdAt: clock.nowMillis()))
        return try await withInclusion(RegisterResponse(accountId: caller.accountId, deviceId: deviceId))
    }

    static func info(_ d: DeviceRecord) -> DeviceInfo {
        var info = DeviceInfo(deviceId: d.id, accountId: d.accountId, username: d.username, name: d.name,
                              signatureKey: Base64Bytes(d.signatureKey), createdAt: d.createdAt)
        info.revokedAt = d.revokedAt
        return info
    }

    public func ownDevices(caller: DeviceRecord) async throws -> DeviceList {
        try await withInclusions(DeviceList(devices: try await store.devices(accountId: caller.accountId).map(Self.info)))
    }

    public func userDevices(username: String) async throws -> DeviceList {
        guard Self.validUsername(username), let devices = try await store.devices(username: username) else {
            throw APIError(.notFound, .unknownUser, "unknown user")
        }
        return try await withInclusions(DeviceList(devices: devices.map(Self.info)))
    }

    // MARK: authentication

    public func challenge(_ request: ChallengeRequest) async throws -> ChallengeResponse {
        guard Self.validIdentifier(request.deviceId), let device = try await store.device(id: request.deviceId),
              device.revokedAt == nil else {
            throw APIError(.notFound, .unknownDevice, "unknown device")
        }
        let id = Self.newID(), nonce = Self.randomBytes(32)
        let expires = clock.nowMillis() + configuration.challengeLifetime.milliseconds
        try await store.insertChallenge(id: id, deviceId: request.deviceId, nonce: nonce, expiresAt: expires)
        return ChallengeResponse(challengeId: id, nonce: Base64Bytes(nonce), expiresAt: expires / 1000)
    }

    public func token(_ request: TokenRequest) async throws -> TokenResponse {
        let now = clock.nowMillis()
        guard Self.validIdentifier(request.deviceId), Self.validIdentifier(request.challengeId),
              let nonce = try await store.consumeChallenge(id: request.challengeId, deviceId: request.deviceId, now: now) else {
            metrics.authFailed()
            throw APIError(.unauthorized, .invalidChallenge, "challenge unknown, expired or already used")
        }
        guard let device = try await store.device(id: request.deviceId), device.revokedAt == nil,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: device.signatureKey),
              key.isValidSignature(request.signature.bytes, for: AuthChallenge.signedBytes(deviceId: device.id, nonce: nonce)) else {
            metrics.authFailed()
            throw APIError(.unauthorized, .invalidSignature, "signature does not verify under the device's key")
        }
        let token = Self.base64url(Self.randomBytes(32))
        let expires = now + configuration.tokenLifetime.milliseconds
        try await store.insertToken(hash: Array(SHA256.hash(data: Array(token.utf8))), deviceId: device.id, expiresAt: expires)
        return TokenResponse(token: token, expiresAt: expires / 1000)
    }

    /// The device a bearer token belongs to, or 401.
    public func authenticate(bearer: String?) async throws -> DeviceRecord {
        guard let bearer, bearer.utf8.count <= 256 else { throw APIError.unauthenticated() }
        let hash = Array(SHA256.hash(data: Array(bearer.utf8)))
        guard let deviceId = try await store.device(forTokenHash: hash, now: clock.nowMillis()),
              let device = try await store.device(id: deviceId), device.revokedAt == nil else {
            throw APIError.unauthenticated()
        }
        try await limitDevice(device.id)
        return device
    }

    // MARK: key directory

    public func uploadKeyPackages(caller: DeviceRecord, _ request: UploadKeyPackagesRequest) async throws -> KeyPackageCount {
        try Self.checkKeyPackages(request, credential: DeviceCredential(username: caller.username, deviceId: caller.id),
                                  signatureKey: caller.signatureKey)
        try await store.addKeyPackages(deviceId: caller.id, request.keyPackages.map(\.bytes), lastResort: request.lastResort?.bytes,
                                       maxCount: configuration.maxKeyPackages)
        return try await keyPackageCount(caller: caller)
    }

    public func keyPackageCount(caller: DeviceRecord) async throws -> KeyPackageCount {
        let (count, last) = try await store.keyPackageCount(deviceId: caller.id)
        return KeyPackageCount(count: count, hasLastResort: last)
    }

    public func claimKeyPackages(caller: DeviceRecord, _ request: ClaimKeyPackagesRequest) async throws -> ClaimKeyPackagesResponse {
        guard (1...100).contains(request.deviceIds.count) else { throw APIError.invalidField("deviceIds must list 1-100 devices") }
        guard Set(request.deviceIds).count == request.deviceIds.count else { throw APIError.invalidField("deviceIds has duplicates") }
        var out: [ClaimedKeyPackage] = []
        for id in request.deviceIds {
            guard Self.validIdentifier(id), let device = try await store.device(id: id), device.revokedAt == nil else {
                throw APIError(.notFound, .unknownDevice, "unknown device")
            }
        }
        for id in request.deviceIds {
            guard let claimed = try await store.claimKeyPackage(deviceId: id) else {
                throw APIError(.notFound, .noKeyPackage, "a device has no KeyPackage left")
            }
            out.append(ClaimedKeyPackage(deviceId: id, keyPackage: Base64Bytes(claimed.bytes), lastResort: claimed.lastResort))
        }
        return try await withInclusions(ClaimKeyPackagesResponse(keyPackages: out))
    }

    // MARK: groups and delivery

    public func createGroup(caller: DeviceRecord, _ request: CreateGroupRequest) async throws -> GroupInfoResponse {
        try await store.createGroup(id: request.groupId.bytes, creatorDevice: caller.id, now: clock.nowMillis())
        return GroupInfoResponse(groupId: request.groupId, epoch: 0, memberDeviceIds: [caller.id])
    }

    public func group(caller: DeviceRecord, id: GroupID) async throws -> GroupInfoResponse {
        guard let group = try await store.group(id: id.bytes), group.members.contains(caller.id) else {
            throw APIError(.notFound, .unknownGroup, "unknown group")
        }
        return GroupInfoResponse(groupId: id, epoch: group.epoch, memberDeviceIds: group.members)
    }

    public func submitCommit(caller: DeviceRecord, group: GroupID, _ request: SubmitCommitRequest) async throws -> SubmitResponse {
        try Self.checkClientMessageId(request.clientMessageId)
        let message = try Self.decodeMLS(request.commit.bytes, what: "commit")
        guard case .publicMessage(let pm) = message.body, case .commit(let commit) = pm.content.body else {
            throw APIError(.badRequest, .invalidMLSMessage, "commit must be a PublicMessage carrying a Commit")
        }
        switch pm.content.sender {
        case .member, .newMemberCommit: break
        default: throw APIError(.badRequest, .invalidMLSMessage, "commit sender must be a member or a new member")
        }
        guard pm.content.groupID == group.bytes else {
            throw APIError(.badRequest, .groupMismatch, "the commit's group id differs from the URL's")
        }
        let added = request.addedDeviceIds, removed = request.removedDeviceIds
        guard added.count <= 1000, removed.count <= 1000, (added + removed).allSatisfy({ Self.validIdentifier($0) }),
              Set(added).isDisjoint(with: removed) else {
            throw APIError.invalidField("addedDeviceIds/removedDeviceIds must be valid, disjoint device ids")
        }
        if let welcome = request.welcome {
            guard case .welcome = try Self.decodeMLS(welcome.bytes, what: "welcome").body else {
                throw APIError(.badRequest, .invalidMLSMessage, "welcome must be an MLSMessage carrying a Welcome")
            }
            guard !added.isEmpty else { throw APIError.invalidField("welcome given but no addedDeviceIds") }
        } else if !added.isEmpty {
            throw APIError.invalidField("addedDeviceIds needs a welcome")
        }
        var submission = CommitSubmission(
            groupId: group.bytes, senderDevice: caller.id, clientMessageId: request.clientMessageId, epoch: pm.content.epoch,
            commit: request.commit.bytes, welcome: request.welcome?.bytes, added: added, removed: removed, now: clock.nowMillis())
        submission.groupInfo = try request.groupInfo.map { try Self.checkGroupInfo($0.bytes, group: group, epoch: pm.content.epoch &+ 1) }
        submission.leafChanges = try await checkCommitMembership(caller: caller, group: group, message: pm, commit: commit,
                                                                added: added, removed: removed) ?? []
        let outcome = try await hub.delivering { try await store.acceptCommit(submission) }
        delivered(outcome, kind: "commit")
        return SubmitResponse(messageId: outcome.messageId, epoch: outcome.epoch, duplicate: outcome.duplicate)
    }

    public func submitMessage(caller: DeviceRecord, group: GroupID, _ request: SubmitMessageRequest) async throws -> SubmitResponse {
        try Self.checkClientMessageId(request.clientMessageId)
        let blobIds = try Self.checkBlobReferences(request.blobIds)
        let message = try Self.decodeMLS(request.message.bytes, what: "message")
        let kind: MessageKind, groupID: [UInt8], epoch: UInt64
        switch message.body {
        case .privateMessage(let pm) where pm.contentType == .application:
            (kind, groupID, epoch) = (.application, pm.groupID, pm.epoch)
        case .publicMessage(let pm):
            guard case .proposal = pm.content.body else {
                throw APIError(.badRequest, .invalidMLSMessage, "commits go to /commits; PublicMessage here must be a proposal")
            }
            (kind, groupID, epoch) = (.proposal, pm.content.groupID, pm.content.epoch)
        default:
            throw APIError(.badRequest, .invalidMLSMessage, "message must be an application PrivateMessage or a proposal")
        }
        guard groupID == group.bytes else { throw APIError(.badRequest, .groupMismatch, "the message's group id differs from the URL's") }
        let submission = MessageSubmission(
            groupId: group.bytes, senderDevice: caller.id, clientMessageId: request.clientMessageId, kind: kind.rawValue,
            epoch: epoch, payload: request.message.bytes, now: clock.nowMillis(), blobIds: blobIds)
        let outcome = try await hub.delivering { try await store.acceptMessage(submission) }
        delivered(outcome, kind: kind.rawValue)
        return SubmitResponse(messageId: outcome.messageId, epoch: outcome.epoch, duplicate: outcome.duplicate)
    }

    /// Counts the outcome. Its entries were handed to the connected recipients' sessions by
    /// ``DeliveryHub/delivering(_:)`` once the transaction had committed.
    private func delivered(_ outcome: SubmissionOutcome, kind: String) {
        if outcome.duplicate { metrics.duplicate(); return }
        metrics.accepted(kind: kind, fanout: outcome.recipients.count)
    }

    static func queued(_ e: QueueEntry) -> QueuedMessage {
        QueuedMessage(seq: e.seq, messageId: e.messageId, groupId: GroupID(e.groupId), kind: MessageKind(rawValue: e.kind) ?? .application,
                      senderDeviceId: e.senderDevice, epoch: e.epoch, payload: Base64Bytes(e.payload), receivedAt: e.createdAt)
    }

    public func fetch(caller: DeviceRecord, afterSeq: Int64, limit: Int) async throws -> MessageList {
        let entries = try await store.pending(deviceId: caller.id, afterSeq: afterSeq, limit: min(max(limit, 1), 500))
        return MessageList(messages: entries.map(Self.queued))
    }

    public func ack(caller: DeviceRecord, _ request: AckRequest) async throws -> AckResponse {
        guard request.seqs.count <= 1000 else { throw APIError.invalidField("at most 1000 seqs per ack") }
        let removed = try await store.ack(deviceId: caller.id, seqs: request.seqs)
        metrics.acked(removed)
        return AckResponse(removed: removed)
    }

    /// Drops expired queue entries and sessions. Run periodically.
    public func expire() async throws -> Int {
        let now = clock.nowMillis()
        try await store.purgeExpiredSessions(now: now)
        // Expired links stay visible as "expired" for a day, then go with their KeyPackages.
        try await store.purgeDeviceLinks(before: now - 24 * 3600 * 1000)
        return try await store.expire(before: now - configuration.queueRetention.milliseconds)
    }
}
