// Device authentication: the device proves possession of its Ed25519 signature key by signing a
// fresh, single-use server challenge; the server answers with a short-lived bearer token.
//
// Signed bytes: "cove-auth-v1" || 0x00 || deviceId (UTF-8) || 0x00 || nonce.

/// `POST /v1/auth/challenge`.
public struct ChallengeRequest: Hashable, Sendable, Codable {
    public var deviceId: String
    public init(deviceId: String) { self.deviceId = deviceId }
}

public struct ChallengeResponse: Hashable, Sendable, Codable {
    public var challengeId: String
    /// 32 random bytes.
    public var nonce: Base64Bytes
    /// Unix seconds.
    public var expiresAt: Int64
    public init(challengeId: String, nonce: Base64Bytes, expiresAt: Int64) {
        self.challengeId = challengeId
        self.nonce = nonce
        self.expiresAt = expiresAt
    }
}

/// `POST /v1/auth/token`.
public struct TokenRequest: Hashable, Sendable, Codable {
    public var deviceId: String
    public var challengeId: String
    /// Ed25519 signature over ``AuthChallenge/signedBytes(deviceId:nonce:)``.
    public var signature: Base64Bytes
    public init(deviceId: String, challengeId: String, signature: Base64Bytes) {
        self.deviceId = deviceId
        self.challengeId = challengeId
        self.signature = signature
    }
}

public struct TokenResponse: Hashable, Sendable, Codable {
    /// Send as `Authorization: Bearer <token>`. Never log it.
    public var token: String
    public var expiresAt: Int64
    public init(token: String, expiresAt: Int64) {
        self.token = token
        self.expiresAt = expiresAt
    }
}

/// The bytes a device signs to answer a challenge (domain-separated).
public enum AuthChallenge {
    public static let context = "cove-auth-v1"

    public static func signedBytes(deviceId: String, nonce: [UInt8]) -> [UInt8] {
        Array(context.utf8) + [0] + Array(deviceId.utf8) + [0] + nonce
    }
}
