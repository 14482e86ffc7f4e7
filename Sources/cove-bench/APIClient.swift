import AsyncHTTPClient
import CoveProtocol
import Foundation
import NIOCore
import NIOHTTP1

/// A non-2xx answer from the server, with its error code when the body carries one.
struct APIFailure: Error, CustomStringConvertible {
    var status: Int
    var code: String?
    var what: String
    var description: String { "\(what): HTTP \(status)\(code.map { " \($0)" } ?? "")" }
}

/// The Cove HTTP API over one pooled AsyncHTTPClient (keep-alive connections, so the measured
/// send latency does not include TCP set-up).
struct APIClient: Sendable {
    let http: HTTPClient
    let baseURL: String

    /// `connections` bounds the keep-alive connections to the server (one per concurrent sender).
    static func make(baseURL: String, connections: Int) -> APIClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, connections))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        return APIClient(http: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration), baseURL: baseURL)
    }

    func shutdown() async throws { try await http.shutdown() }

    /// Sends `body` as JSON and decodes the answer; throws ``APIFailure`` for any status but `expect`.
    func call<Response: Decodable>(_ method: HTTPMethod, _ path: String, body: (any Encodable)? = nil, token: String? = nil,
                                   expect: Int = 200, as: Response.Type = Response.self) async throws -> Response {
        let data = try await raw(method, path, body: body.map { try JSONEncoder().encode($0) }, token: token, expect: expect)
        return try JSONDecoder().decode(Response.self, from: data)
    }

    /// The request with an already encoded JSON body; returns the answer's bytes.
    func raw(_ method: HTTPMethod, _ path: String, body: Data?, token: String?, expect: Int) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await http.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let data = Data(buffer.readableBytesView)
        guard Int(response.status.code) == expect else {
            let code = (try? JSONDecoder().decode(APIErrorBody.self, from: data))?.code.rawValue
            throw APIFailure(status: Int(response.status.code), code: code, what: "\(method.rawValue) \(path.split(separator: "?").first ?? "")")
        }
        return data
    }
}
