import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// A malicious server for the transparency tests: a real HTTP proxy in the test process that
/// forwards every request to a live cove-server (which can be switched, as an operator swapping
/// the database behind the clients' backs would) and rewrites the answers of chosen endpoints.
final class MaliciousProxy: Sendable {
    /// Rewrites an answer body (status, body) -> body.
    typealias Rewrite = @Sendable (Int, [UInt8]) throws -> [UInt8]

    struct State: Sendable {
        var upstream: String
        /// "METHOD /path" (no query) -> rewrite.
        var rewrites: [String: Rewrite] = [:]
        /// Path prefix -> another upstream for the paths it starts (the first match wins).
        var routes: [(prefix: String, upstream: String)] = []
    }

    /// Shared with the responder closure (a Mutex cannot be captured by copy).
    final class Shared: Sendable {
        let mutex: Mutex<State>
        init(_ state: State) { mutex = Mutex(state) }
    }

    let state: Shared
    let baseURL: String
    private let task: Task<Void, any Error>

    init(upstream: String) async throws {
        let state = Shared(State(upstream: upstream))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await Self.forward(request, state: state)
        }
        var logger = Logger(label: "cove.test.proxy")
        logger.logLevel = .error
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        self.state = state
        baseURL = "http://127.0.0.1:\(port)"
    }

    deinit { task.cancel() }

    /// Points the proxy at another server.
    func switchUpstream(to url: String) { state.mutex.withLock { $0.upstream = url } }

    /// Rewrites every later answer of `method path`.
    func rewrite(_ method: String, _ path: String, _ rewrite: @escaping Rewrite) {
        state.mutex.withLock { $0.rewrites["\(method) \(path)"] = rewrite }
    }

    /// Sends the requests whose path starts with `prefix` to `url` (other requests keep going to
    /// the main upstream): e.g. another log and directory behind the same messaging server.
    func route(_ prefix: String, to url: String) { state.mutex.withLock { $0.routes.append((prefix, url)) } }

    func clearRewrites() { state.mutex.withLock { $0.rewrites = [:] } }

    static func forward(_ request: Request, state: Shared) async throws -> Response {
        let target = request.uri.description
        let path = String(target.split(separator: "?", maxSplits: 1).first ?? "")
        let (upstream, rewrite) = state.mutex.withLock { state in
            (state.routes.first { path.hasPrefix($0.prefix) }?.upstream ?? state.upstream, state.rewrites["\(request.method.rawValue) \(path)"])
        }
        var forwarded = HTTPClientRequest(url: upstream + target)
        forwarded.method = HTTPMethod(rawValue: request.method.rawValue)
        if let authorization = request.headers[.authorization] { forwarded.headers.add(name: "Authorization", value: authorization) }
        if let type = request.headers[.contentType] { forwarded.headers.add(name: "Content-Type", value: type) }
        let body = try await request.body.collect(upTo: 64 << 20)
        if body.readableBytes > 0 { forwarded.body = .bytes(body) }
        let answer = try await HTTPClient.shared.execute(forwarded, timeout: .seconds(30))
        var buffer = try await answer.body.collect(upTo: 64 << 20)
        var bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let status = Int(answer.status.code)
        if let rewrite { bytes = try rewrite(status, bytes) }
        return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
