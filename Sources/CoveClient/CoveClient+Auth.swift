import CoveProtocol
import Foundation
import NIOHTTP1

extension CoveClient {
    /// Gets a bearer token by signing a fresh challenge with the device key.
    func login() async throws -> String {
        do {
            let challenge: ChallengeResponse = try await api.call(.POST, "/v1/auth/challenge", ChallengeRequest(deviceId: identity.deviceId))
            let signature = try identity.signChallenge(nonce: challenge.nonce.bytes)
            let answer: TokenResponse = try await api.call(.POST, "/v1/auth/token", TokenRequest(
                deviceId: identity.deviceId, challengeId: challenge.challengeId, signature: Base64Bytes(signature)))
            token = answer.token
            return answer.token
        } catch let failure as APIFailure {
            if failure.code == .unknownDevice || failure.code == .unauthenticated || failure.code == .invalidSignature {
                throw CoveClientError(.deviceRevoked, "the server does not know this device (revoked?)",
                                      hint: "link this device again from another device of the account")
            }
            throw failure.clientError
        }
    }

    /// An authenticated call; logs in (again) when the token is missing or expired. Server
    /// errors are thrown as ``APIFailure`` so callers can react to specific codes.
    func authed<T: Decodable>(_ method: HTTPMethod, _ path: String, _ body: (any Encodable)? = nil, as type: T.Type = T.self) async throws -> T {
        try await authed(method, path, json: try body.map { Array(try JSONEncoder().encode($0)) }, as: T.self)
    }

    /// ``authed(_:_:_:as:)`` with an already encoded JSON body.
    func authed<T: Decodable>(_ method: HTTPMethod, _ path: String, json: [UInt8]?, as type: T.Type = T.self) async throws -> T {
        let current: String
        if let token { current = token } else { current = try await login() }
        do {
            return try await api.call(method, path, json: json, token: current, as: T.self)
        } catch let failure as APIFailure where failure.code == .unauthenticated {
            let fresh = try await login()
            return try await api.call(method, path, json: json, token: fresh, as: T.self)
        }
    }

    /// Like ``authed(_:_:_:as:)`` but turns server errors into ``CoveClientError``.
    func request<T: Decodable>(_ method: HTTPMethod, _ path: String, _ body: (any Encodable)? = nil, as type: T.Type = T.self) async throws -> T {
        do {
            return try await authed(method, path, body, as: T.self)
        } catch let failure as APIFailure {
            throw failure.clientError
        }
    }
}
