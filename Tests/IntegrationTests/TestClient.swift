import CoveProtocol
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A raw HTTP answer.
struct HTTPAnswer: Sendable {
    var status: Int
    var body: Data

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }
    var error: APIErrorBody? { try? JSONDecoder().decode(APIErrorBody.self, from: body) }
    var code: String? { error?.code.rawValue }
}

/// Minimal HTTP client for the API (URLSession).
struct HTTP: Sendable {
    let baseURL: String

    func send(_ method: String, _ path: String, json body: (any Encodable)? = nil, raw: Data? = nil,
              token: String? = nil, contentType: String = "application/json") async throws -> HTTPAnswer {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let raw {
            request.httpBody = raw
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return HTTPAnswer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

struct UnexpectedAnswer: Error, CustomStringConvertible {
    var description: String
}

/// One device of one user, logged in.
struct TestDevice: Sendable {
    let http: HTTP
    let key: Curve25519.Signing.PrivateKey
    let username: String
    let accountId: String
    let deviceId: String
    var token: String

    static func expect(_ answer: HTTPAnswer, _ status: Int, _ what: String) throws {
        guard answer.status == status else {
            throw UnexpectedAnswer(description: "\(what): HTTP \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
    }

    /// Registers a new user with this as its first device, then logs in.
    static func register(_ http: HTTP, username: String) async throws -> TestDevice {
        let key = Curve25519.Signing.PrivateKey()
        let answer = try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: username, device: NewDevice(name: "laptop", signatureKey: Base64Bytes(Array(key.publicKey.rawRepresentation)))))
        try expect(answer, 201, "register \(username)")
        let registered = try answer.decode(RegisterResponse.self)
        let token = try await login(http, deviceId: registered.deviceId, key: key)
        return TestDevice(http: http, key: key, username: username, accountId: registered.accountId, deviceId: registered.deviceId, token: token)
    }

    /// Adds another device to this device's account and logs it in.
    func link(name: String) async throws -> TestDevice {
        let key = Curve25519.Signing.PrivateKey()
        let answer = try await http.send("POST", "/v1/devices", json: AddDeviceRequest(device: NewDevice(
            name: name, signatureKey: Base64Bytes(Array(key.publicKey.rawRepresentation)))), token: token)
        try Self.expect(answer, 201, "link device")
        let added = try answer.decode(RegisterResponse.self)
        let token = try await Self.login(http, deviceId: added.deviceId, key: key)
        return TestDevice(http: http, key: key, username: username, accountId: accountId, deviceId: added.deviceId, token: token)
    }

    static func login(_ http: HTTP, deviceId: String, key: Curve25519.Signing.PrivateKey) async throws -> String {
        let challenge = try await http.send("POST", "/v1/auth/challenge", json: ChallengeRequest(deviceId: deviceId))
        try expect(challenge, 200, "challenge")
        let c = try challenge.decode(ChallengeResponse.self)
        let signature = try key.signature(for: AuthChallenge.signedBytes(deviceId: deviceId, nonce: c.nonce.bytes))
        let answer = try await http.send("POST", "/v1/auth/token", json: TokenRequest(
            deviceId: deviceId, challengeId: c.challengeId, signature: Base64Bytes(Array(signature))))
        try expect(answer, 200, "token")
        return try answer.decode(TokenResponse.self).token
    }

    func send(_ method: String, _ path: String, json body: (any Encodable)? = nil) async throws -> HTTPAnswer {
        try await http.send(method, path, json: body, token: token)
    }

    func fetch(after: Int64 = 0) async throws -> [QueuedMessage] {
        let answer = try await send("GET", "/v1/messages?after=\(after)&limit=500")
        try Self.expect(answer, 200, "fetch")
        return try answer.decode(MessageList.self).messages
    }

    func ack(_ messages: [QueuedMessage]) async throws {
        let answer = try await send("POST", "/v1/messages/ack", json: AckRequest(seqs: messages.map(\.seq)))
        try Self.expect(answer, 200, "ack")
    }
}
