/// A pending (or decided) request by a new device to join an account.
public struct DeviceLinkRecord: Hashable, Sendable {
    /// The capability id (128 random bits, base64url).
    public var id: String
    public var accountId: String
    public var username: String
    /// The device id reserved for the new device.
    public var deviceId: String
    public var name: String
    public var signatureKey: [UInt8]
    /// Unix milliseconds.
    public var createdAt: Int64
    /// Unix milliseconds.
    public var expiresAt: Int64
    /// Unix milliseconds; set when an account device approved the link.
    public var approvedAt: Int64?

    public init(id: String, accountId: String, username: String, deviceId: String, name: String, signatureKey: [UInt8],
                createdAt: Int64, expiresAt: Int64, approvedAt: Int64? = nil) {
        self.id = id
        self.accountId = accountId
        self.username = username
        self.deviceId = deviceId
        self.name = name
        self.signatureKey = signatureKey
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.approvedAt = approvedAt
    }
}
