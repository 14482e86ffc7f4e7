import CoveProtocol
import MLSCore

/// Device linking and revocation (openapi.yaml: /v1/device-links, DELETE /v1/devices/{deviceId}).
///
/// The unauthenticated link endpoints are reached with the link id, 128 random bits that only the
/// new device (and, once listed, the account's devices) know. The human check that ties an
/// approval to the new device's key is the link code, computed by both clients from the key.
extension CoveService {
    static let linkIdLength = 22  // 16 bytes, unpadded base64url

    func limitDeviceLinks(_ address: String) async throws {
        if let wait = await limiter.take("l:" + address, rate: configuration.deviceLinkRate, burst: configuration.deviceLinkBurst) {
            metrics.rateLimited()
            throw APIError(.tooManyRequests, .rateLimited, "too many device links from this address", retryAfter: wait)
        }
    }

    /// The link or 404; also refuses ids that cannot be link ids without touching the store.
    func existingLink(_ linkId: String) async throws -> DeviceLinkRecord {
        guard linkId.utf8.count == Self.linkIdLength, Self.validIdentifier(linkId),
              let link = try await store.deviceLink(id: linkId) else {
            throw APIError(.notFound, .unknownDeviceLink, "unknown device link")
        }
        return link
    }

    static func state(_ link: DeviceLinkRecord, now: Int64) -> DeviceLinkState {
        if link.approvedAt != nil { return .approved }
        return link.expiresAt > now ? .pending : .expired
    }

    public func createDeviceLink(_ request: CreateDeviceLinkRequest, address: String) async throws -> DeviceLinkResponse {
        try await limitDeviceLinks(address)
        guard Self.validUsername(request.username) else {
            throw APIError(.badRequest, .invalidUsername, "username must be 1-64 characters of a-z 0-9 . _ -")
        }
        try Self.checkDeviceName(request.device.name)
        try Self.checkSignatureKey(request.device.signatureKey.bytes)
        guard let accountDevices = try await store.devices(username: request.username), let account = accountDevices.first else {
            // An account whose devices are all revoked cannot approve anything either.
            throw APIError(.notFound, .unknownUser, "unknown user")
        }
        let now = clock.nowMillis()
        let link = DeviceLinkRecord(id: Self.base64url(Self.randomBytes(16)), accountId: account.accountId, username: request.username,
                                    deviceId: Self.newID(), name: request.device.name, signatureKey: request.device.signatureKey.bytes,
                                    createdAt: now, expiresAt: now + configuration.deviceLinkLifetime.milliseconds)
        try await store.createDeviceLink(link, maxPending: configuration.maxPendingDeviceLinks, now: now)
        return DeviceLinkResponse(linkId: link.id, deviceId: link.deviceId, expiresAt: link.expiresAt / 1000)
    }

    public func deviceLinkStatus(linkId: String) async throws -> DeviceLinkStatus {
        let link = try await existingLink(linkId)
        return DeviceLinkStatus(status: Self.state(link, now: clock.nowMillis()), deviceId: link.deviceId)
    }

    /// KeyPackages of the pending device, stored under its reserved id; they become claimable
    /// when the link is approved. Each must carry `username/deviceId` of the link and its key.
    public func uploadLinkKeyPackages(linkId: String, _ request: UploadKeyPackagesRequest) async throws -> KeyPackageCount {
        let link = try await existingLink(linkId)
        guard Self.state(link, now: clock.nowMillis()) == .pending else {
            throw APIError(.conflict, .deviceLinkNotPending, "the device link expired or was already approved")
        }
        try Self.checkKeyPackages(request, credential: DeviceCredential(username: link.username, deviceId: link.deviceId),
                                  signatureKey: link.signatureKey)
        try await store.addKeyPackages(deviceId: link.deviceId, request.keyPackages.map(\.bytes), lastResort: request.lastResort?.bytes,
                                       maxCount: configuration.maxKeyPackages)
        let (count, last) = try await store.keyPackageCount(deviceId: link.deviceId)
        return KeyPackageCount(count: count, hasLastResort: last)
    }

    public func pendingDeviceLinks(caller: DeviceRecord) async throws -> DeviceLinkList {
        let links = try await store.pendingDeviceLinks(accountId: caller.accountId, now: clock.nowMillis())
        return DeviceLinkList(links: links.map {
            PendingDeviceLink(linkId: $0.id, deviceId: $0.deviceId, name: $0.name, signatureKey: Base64Bytes($0.signatureKey),
                              createdAt: $0.createdAt, expiresAt: $0.expiresAt / 1000)
        })
    }

    public func approveDeviceLink(caller: DeviceRecord, linkId: String) async throws -> RegisterResponse {
        let link = try await existingLink(linkId)
        guard link.accountId == caller.accountId else {
            throw APIError.forbidden("only a device of the link's account may approve it")
        }
        let device = try await store.approveDeviceLink(id: link.id, now: clock.nowMillis())
        // The new device's log entry, proven, so the approving client can verify and monitor it.
        return try await withInclusion(RegisterResponse(accountId: device.accountId, deviceId: device.id))
    }

    public func revokeDevice(caller: DeviceRecord, deviceId: String) async throws -> RevokeDeviceResponse {
        // Another account's device is reported as unknown: ids are not an oracle.
        guard Self.validIdentifier(deviceId), let device = try await store.device(id: deviceId),
              device.accountId == caller.accountId else {
            throw APIError(.notFound, .unknownDevice, "unknown device")
        }
        try await store.revokeDevice(id: device.id, at: clock.nowMillis())
        return RevokeDeviceResponse(revoked: true)
    }
}
