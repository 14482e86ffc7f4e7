import AsyncHTTPClient
import CoveProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// JSON over HTTP to one Cove server (AsyncHTTPClient). Maps transport failures and error bodies
/// to ``CoveClientError``; never logs or embeds bodies, tokens or keys in errors.
struct ServerAPI: Sendable {
    let baseURL: String
    let client: HTTPClient
    /// Answers of this size or less are read whole; more is a protocol error.
    static let maxAnswerBytes = 64 << 20

    /// Normalises `url` (no trailing slash) and checks it is http(s).
    /// The SDK's HTTP client: fails fast when nothing listens (no connection retries until the
    /// request deadline, which would make "server down" take half a minute); the SDK retries
    /// where it makes sense (live connection).
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    init(url: String, client: HTTPClient = ServerAPI.sharedClient) throws(CoveClientError) {
        var base = url.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsed = URL(string: base), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host != nil else {
            throw CoveClientError(.invalidServerURL, "'\(url)' is not a server URL", hint: "use a URL such as http://127.0.0.1:8080")
        }
        self.baseURL = base
        self.client = client
    }

    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// Sends a request; returns the raw answer (any status).
    func raw(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, token: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            var buffer = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return Answer(status: Int(response.status.code), body: buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch let error as CoveClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw CoveClientError(.serverUnreachable, "cannot reach the server at \(baseURL)",
                                  hint: "check the server URL and that cove-server is running")
        }
    }

    /// How often a rate-limited (429) request is retried before the error reaches the caller.
    static let rateLimitRetries = 5

    /// Sends `body` as JSON and decodes a `T` from a 2xx answer; error bodies become ``APIFailure``.
    func call<T: Decodable>(_ method: HTTPMethod, _ path: String, _ body: (any Encodable)? = nil, token: String? = nil,
                            as type: T.Type = T.self) async throws -> T {
        let bytes = try body.map { Array(try JSONEncoder().encode($0)) }
        return try await call(method, path, json: bytes, token: token, as: T.self)
    }

    /// Like ``call(_:_:_:token:as:)`` with an already encoded JSON body.
    func call<T: Decodable>(_ method: HTTPMethod, _ path: String, json bytes: [UInt8]?, token: String? = nil,
                            as type: T.Type = T.self) async throws -> T {
        var answer = try await raw(method, path, body: bytes, token: token)
        // A 429 is refused before the server acts on the request, so waiting the Retry-After it
        // names (capped) and sending the same bytes again is safe; give up after a few tries.
        for _ in 0..<Self.rateLimitRetries where answer.status == 429 {
            let body = try? JSONDecoder().decode(APIErrorBody.self, from: Data(answer.body))
            try await Task.sleep(for: .seconds(min(max(body?.retryAfter ?? 1, 1), 5)))
            answer = try await raw(method, path, body: bytes, token: token)
        }
        guard (200..<300).contains(answer.status) else {
            if let error = try? JSONDecoder().decode(APIErrorBody.self, from: Data(answer.body)) {
                throw APIFailure(status: answer.status, body: error)
            }
            throw CoveClientError(.notACoveServer, "\(baseURL) is not a Cove server (HTTP \(answer.status))",
                                  hint: "check the server URL")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(answer.body))
        } catch {
            throw CoveClientError(.notACoveServer, "unexpected answer from \(baseURL)", hint: "check the server URL and versions")
        }
    }
}

/// An error answer of the server, before the SDK decides what it means.
struct APIFailure: Error, Sendable {
    var status: Int
    var body: APIErrorBody
    var code: APIErrorCode { body.code }
    var clientError: CoveClientError { .from(api: body, status: status) }
}

/// `{}`-shaped answers whose content the SDK ignores.
struct IgnoredAnswer: Decodable, Sendable {}
