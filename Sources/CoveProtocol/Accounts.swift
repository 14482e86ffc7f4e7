// Accounts and devices: POST /v1/accounts, POST /v1/devices, GET /v1/devices,
// GET /v1/users/{username}/devices.

/// A device as the directory shows it. `signatureKey` is the device's Ed25519 public key: the key
/// it authenticates with and the one its MLS credential carries.
public struct DeviceInfo: Hashable, Sendable, Codable {
    public var deviceId: String
    public var accountId: String
    public var username: String
    public var name: String
    public var signatureKey: Base64Bytes
    public var createdAt: Int64
    /// Unix milliseconds at which the device was revoked; only `GET /v1/devices` lists revoked devices.
    public var revokedAt: Int64? = nil
    /// The device's `device_added` entry in the key-transparency log, proven against the
    /// enclosing answer's `checkpoint` (absent in answers without one).
    public var inclusion: LogInclusion? = nil

    public init(deviceId: String, accountId: String, username: String, name: String, signatureKey: Base64Bytes, createdAt: Int64) {
        self.deviceId = deviceId
        self.accountId = accountId
        self.username = username
        self.name = name
        self.signatureKey = signatureKey
        self.createdAt = createdAt
    }
}

/// The new device's public part.
public struct NewDevice: Hashable, Sendable, Codable {
    public var name: String
    /// Ed25519 public key, 32 bytes.
    public var signatureKey: Base64Bytes
    public init(name: String, signatureKey: Base64Bytes) {
        self.name = name
        self.signatureKey = signatureKey
    }
}

/// `POST /v1/accounts`: creates an account with its first device. No authentication; needs a
/// registration token unless registration is open.
public struct RegisterRequest: Hashable, Sendable, Codable {
    public var username: String
    public var device: NewDevice
    public var registrationToken: String?
    public init(username: String, device: NewDevice, registrationToken: String? = nil) {
        self.username = username
        self.device = device
        self.registrationToken = registrationToken
    }
}

/// Answer to `POST /v1/accounts` and `POST /v1/devices`.
public struct RegisterResponse: Hashable, Sendable, Codable {
    public var accountId: String
    public var deviceId: String
    /// The new device's entry in the key-transparency log and the checkpoint it is proven
    /// against (the client keeps both as its first trusted state).
    public var inclusion: LogInclusion? = nil
    public var checkpoint: Base64Bytes? = nil
    public init(accountId: String, deviceId: String) {
        self.accountId = accountId
        self.deviceId = deviceId
    }
}

/// `POST /v1/devices` (authenticated): adds a device to the caller's account.
public struct AddDeviceRequest: Hashable, Sendable, Codable {
    public var device: NewDevice
    public init(device: NewDevice) { self.device = device }
}

/// Answer to the device listings.
public struct DeviceList: Hashable, Sendable, Codable {
    public var devices: [DeviceInfo]
    /// TLS-encoded `SignedCheckpoint` every device's `inclusion` is proven against.
    public var checkpoint: Base64Bytes? = nil
    public init(devices: [DeviceInfo]) { self.devices = devices }
}
