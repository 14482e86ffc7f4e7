import CoveProtocol

// Device-link bodies (HELPERS.md contract; mirrored here so the SDK does not depend on when
// the server's CoveProtocol types land).

/// `POST /v1/device-links` body.
struct WireDeviceLinkRequest: Codable, Sendable {
    var username: String
    var device: NewDevice
}

/// `POST /v1/device-links` answer.
struct WireDeviceLinkResponse: Codable, Sendable {
    var linkId: String
    var deviceId: String
    var expiresAt: Int64
}

/// One entry of `GET /v1/device-links`.
struct WirePendingDeviceLink: Codable, Sendable {
    var linkId: String
    var deviceId: String
    var name: String
    var signatureKey: Base64Bytes
    var createdAt: Int64
    var expiresAt: Int64
}

struct WireDeviceLinkList: Codable, Sendable {
    var links: [WirePendingDeviceLink]
}

/// `GET /v1/device-links/{linkId}` answer.
struct WireDeviceLinkStatus: Codable, Sendable {
    var status: String
    var deviceId: String?
}

/// `DELETE /v1/devices/{id}` answer.
struct WireRevokeResponse: Codable, Sendable {
    var revoked: Bool
}

/// `GET /v1/devices` entries carry `revokedAt` once revoked.
struct WireOwnDevice: Codable, Sendable {
    var deviceId: String
    var name: String
    var signatureKey: Base64Bytes
    var createdAt: Int64
    var revokedAt: Int64?
}

struct WireOwnDeviceList: Codable, Sendable {
    var devices: [WireOwnDevice]
}
