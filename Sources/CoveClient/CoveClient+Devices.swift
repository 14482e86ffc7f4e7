import CoveProtocol
import Crypto
import Foundation

extension CoveClient {
    /// The code a new device shows and the approving device compares (HELPERS.md: from
    /// SHA-256("cove-link-v1" || key)).
    public static func linkCode(signatureKey: [UInt8]) -> String {
        LinkCode.code(signatureKey: signatureKey)
    }

    /// This device's link code.
    public nonisolated var linkCode: String { Self.linkCode(signatureKey: identity.publicKey) }

    /// Whether this device still waits for approval by another device of the account.
    public func isLinkPending() async throws -> Bool {
        try await store.setting(Settings.status).map(Settings.string) == Settings.statusLinking
    }

    /// Starts linking a new device to the existing account `username`: creates the device key,
    /// asks the server for a pending link, and uploads KeyPackages for it. Show ``linkCode`` to
    /// the user, approve it on an existing device (``approveLink(code:)``), then call
    /// ``waitForLinkApproval(timeout:)``.
    public static func requestLink(home: String, server: String, username: String, deviceName: String = "device",
                                   protection: Protection = .keyFile, openStore: StoreOpener) async throws -> CoveClient {
        let (store, sealer) = try await prepareHome(home, protection: protection, openStore: openStore)
        do {
            let api = try ServerAPI(url: server)
            let key = Curve25519.Signing.PrivateKey()
            let link: DeviceLinkResponse
            do {
                link = try await api.call(.POST, "/v1/device-links", CreateDeviceLinkRequest(
                    username: username, device: NewDevice(name: deviceName, signatureKey: Base64Bytes(Array(key.publicKey.rawRepresentation)))))
            } catch let failure as APIFailure {
                throw failure.clientError
            }
            let identity = DeviceIdentity(username: username, deviceId: link.deviceId, privateKey: key)
            let client = try CoveClient(store: store, sealer: sealer, api: api, identity: identity, accountId: "")
            try await client.saveIdentity(deviceName: deviceName, status: Settings.statusLinking, linkId: link.linkId)
            try await client.pinTransparencyLog(registered: nil)
            let made = try await client.makeKeyPackages(count: keyPackageTarget, lastResort: true)
            do {
                let _: KeyPackageCount = try await api.call(.PUT, "/v1/device-links/\(link.linkId)/key-packages",
                                                            UploadKeyPackagesRequest(keyPackages: made.oneTime, lastResort: made.lastResort))
            } catch let failure as APIFailure {
                throw failure.clientError
            }
            await client.attachHome(home)
            return client
        } catch {
            try? await store.close()
            removeHomeFiles(home)
            throw error
        }
    }

    /// Waits until another device approved this one (polling the link's status).
    ///
    /// - Throws: `link.pending` if it was not approved within `timeout`, or the link expired.
    public func waitForLinkApproval(timeout: Duration = .seconds(600)) async throws {
        guard try await isLinkPending() else { return }
        guard let linkId = try await store.setting(Settings.linkId).map(Settings.string) else {
            throw CoveClientError(.unknownLink, "this device has no pending link")
        }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status: DeviceLinkStatus
            do { status = try await api.call(.GET, "/v1/device-links/\(linkId)") } catch let failure as APIFailure {
                throw failure.clientError
            }
            switch status.status {
            case .approved:
                try await store.apply(StoreBatch([.setSetting(key: Settings.status, value: Array(Settings.statusActive.utf8))]))
                return
            case .pending:
                try await Task.sleep(for: .milliseconds(200))
            case .expired:
                throw CoveClientError(.linkPending, "the link request expired", hint: "start linking again with `cove devices link`")
            }
        }
        throw CoveClientError(.linkPending, "the link was not approved in time",
                              hint: "approve it on another device with `cove devices approve CODE`")
    }

    /// Devices of this account (revoked ones included, with `revokedAt`).
    public func devices() async throws -> [DeviceSummary] {
        let list: DeviceList = try await request(.GET, "/v1/devices")
        return list.devices.filter { $0.revokedAt == nil }.map {
            DeviceSummary(deviceId: $0.deviceId, name: $0.name, signatureKey: $0.signatureKey.bytes, createdAt: $0.createdAt,
                          current: $0.deviceId == identity.deviceId)
        }
    }

    /// Devices waiting to be linked to this account, with the code each shows.
    public func pendingLinks() async throws -> [PendingLink] {
        let list: DeviceLinkList = try await request(.GET, "/v1/device-links")
        return list.links.map {
            PendingLink(linkId: $0.linkId, deviceId: $0.deviceId, name: $0.name, code: Self.linkCode(signatureKey: $0.signatureKey.bytes),
                        expiresAt: $0.expiresAt)
        }
    }

    /// Approves the pending device whose key gives `code`, then adds it to every conversation of
    /// this device (so it receives every later message) and tells it each group's name.
    /// Returns the new device's id.
    @discardableResult
    public func approveLink(code: String) async throws -> String {
        let links: DeviceLinkList = try await request(.GET, "/v1/device-links")
        guard let link = links.links.first(where: { LinkCode.matches(code, signatureKey: $0.signatureKey.bytes) }) else {
            throw CoveClientError(.unknownLink, "no device waiting to be linked shows code \(code)",
                                  hint: "check the code on the new device; it expires after 10 minutes")
        }
        try await recordLinkedDevice(deviceId: link.deviceId, signatureKey: link.signatureKey.bytes)
        try await locked { try await self.announceLinkedDevice(deviceId: link.deviceId, signatureKey: link.signatureKey.bytes) }
        let _: RegisterResponse = try await request(.POST, "/v1/device-links/\(link.linkId)/approve")
        let device = DeviceInfo(deviceId: link.deviceId, accountId: accountId, username: identity.username, name: link.name,
                                signatureKey: link.signatureKey, createdAt: link.createdAt)
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            for record in try await self.store.groups() where record.active {
                if try await self.changeMembership(groupId: record.groupId, add: [device], removeDeviceIds: []) {
                    try await self.sendMeta(groupId: record.groupId)
                }
            }
        }
        return link.deviceId
    }

    /// Revokes a device of this account: removes it from every conversation this device is in,
    /// then tells the server to stop accepting it.
    public func revokeDevice(_ deviceId: String) async throws {
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            if deviceId != self.identity.deviceId {
                for record in try await self.store.groups() where record.active && record.members.contains("\(self.identity.username)/\(deviceId)") {
                    try await self.changeMembership(groupId: record.groupId, add: [], removeDeviceIds: [deviceId])
                }
            }
            do {
                let _: RevokeDeviceResponse = try await self.authed(.DELETE, "/v1/devices/\(deviceId)")
            } catch let failure as APIFailure where failure.code == .unknownDevice {
                throw CoveClientError(.invalidInput, "no device \(deviceId) on this account", hint: "list them with `cove devices list`")
            } catch let failure as APIFailure {
                throw failure.clientError
            }
        }
    }
}

