// Device linking: a new device joins an existing account. The new device announces itself
// (POST /v1/device-links), uploads its KeyPackages on the link (PUT .../key-packages), and an
// existing device of the account approves it (POST .../approve) after comparing the link code
// both screens show (computed by clients from the new device's signature key).
//
// Times: `createdAt` in Unix milliseconds (like `DeviceInfo.createdAt`), `expiresAt` in Unix
// seconds (like the other `expiresAt` fields).

/// `POST /v1/device-links` (no authentication): the new device asks to join `username`'s account.
public struct CreateDeviceLinkRequest: Hashable, Sendable, Codable {
    public var username: String
    public var device: NewDevice
    public init(username: String, device: NewDevice) {
        self.username = username
        self.device = device
    }
}

/// Answer to `POST /v1/device-links`: the server reserves `deviceId` for the pending device.
public struct DeviceLinkResponse: Hashable, Sendable, Codable {
    /// 128 random bits, base64url: the capability for the unauthenticated link endpoints. Never log it.
    public var linkId: String
    /// The id the device gets once approved (its KeyPackage credentials use it).
    public var deviceId: String
    /// Unix seconds after which the link can no longer be used.
    public var expiresAt: Int64
    public init(linkId: String, deviceId: String, expiresAt: Int64) {
        self.linkId = linkId
        self.deviceId = deviceId
        self.expiresAt = expiresAt
    }
}

/// A link waiting for approval, as `GET /v1/device-links` lists it to the account's devices.
public struct PendingDeviceLink: Hashable, Sendable, Codable {
    public var linkId: String
    public var deviceId: String
    public var name: String
    /// The new device's Ed25519 public key: the approving device derives the link code from it.
    public var signatureKey: Base64Bytes
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix seconds.
    public var expiresAt: Int64
    public init(linkId: String, deviceId: String, name: String, signatureKey: Base64Bytes, createdAt: Int64, expiresAt: Int64) {
        self.linkId = linkId
        self.deviceId = deviceId
        self.name = name
        self.signatureKey = signatureKey
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// `GET /v1/device-links` (authenticated): the pending links of the caller's account.
public struct DeviceLinkList: Hashable, Sendable, Codable {
    public var links: [PendingDeviceLink]
    public init(links: [PendingDeviceLink]) { self.links = links }
}

/// Where a device link stands.
public enum DeviceLinkState: String, Hashable, Sendable, Codable {
    case pending, approved, expired
}

/// `GET /v1/device-links/{linkId}` (no authentication): polled by the new device.
public struct DeviceLinkStatus: Hashable, Sendable, Codable {
    public var status: DeviceLinkState
    public var deviceId: String
    public init(status: DeviceLinkState, deviceId: String) {
        self.status = status
        self.deviceId = deviceId
    }
}

/// Answer to `DELETE /v1/devices/{deviceId}`.
public struct RevokeDeviceResponse: Hashable, Sendable, Codable {
    public var revoked: Bool
    public init(revoked: Bool) { self.revoked = revoked }
}
