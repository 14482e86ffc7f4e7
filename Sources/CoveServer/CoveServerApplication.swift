import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the Hummingbird application for a ``CoveService``: routes, error mapping, WebSocket.
public enum CoveServerApplication {
    public struct TLSFiles: Sendable {
        public var certificateChainPath: String
        public var privateKeyPath: String
        public init(certificateChainPath: String, privateKeyPath: String) {
            self.certificateChainPath = certificateChainPath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// - Parameters:
    ///   - metrics: renders the Prometheus exposition text for `GET /metrics`.
    ///   - onRunning: called with the bound port once the server listens (port 0 picks one).
    public static func make(
        service: CoveService,
        host: String,
        port: Int,
        tls: TLSFiles? = nil,
        metrics: @escaping @Sendable () -> String = { "" },
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: CoveRequestContext.self)
        router.middlewares.add(ErrorMiddleware(service: service))
        Routes(service: service, openAPI: ByteBuffer(string: OpenAPIDocument.yaml), metrics: metrics).register(on: router)

        let webSocket = HTTPServerBuilder.http1WebSocketUpgrade(
            configuration: .init(http1: .init(idleTimeout: .seconds(120)), ws: .init(maxFrameSize: 1 << 16))
        ) { request, channel, _ in
            guard request.path?.split(separator: "?").first == "/v1/ws" else { return .dontUpgrade }
            let headers = SocketAuthentication.responseHeaders(request.headerFields)
            switch SocketAuthentication(request.headerFields) {
            case .bearer(let token):
                // A refused token falls through to the router, which answers 401.
                guard let device = try? await service.authenticate(bearer: token) else { return .dontUpgrade }
                return .upgrade(headers) { inbound, outbound, _ in
                    try await SocketSession(service: service, device: device, channel: channel).run(inbound: inbound, outbound: outbound)
                }
            case .firstFrame:
                // Nothing authenticated this upgrade yet: the per-address limit applies here (the
                // router's middleware does not see upgrades); the router then answers the 429.
                guard (try? await service.limitAddress(channel.remoteAddress?.ipAddress ?? "unknown")) != nil else {
                    return .dontUpgrade
                }
                return .upgrade(headers) { inbound, outbound, _ in
                    try await SocketSession(service: service, device: nil, channel: channel).run(inbound: inbound, outbound: outbound)
                }
            }
        }
        let server: HTTPServerBuilder
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath)
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                         privateKey: .privateKey(key))
            server = try .tls(webSocket, tlsConfiguration: configuration)
        } else {
            server = webSocket
        }
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "cove"),
            services: [ExpiryService(service: service, logger: logger), BlobCollector(service: service, logger: logger)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}

/// Drops expired queue entries and sessions once at start and then hourly.
struct ExpiryService: Service {
    let service: CoveService
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await service.expire()
                if removed > 0 { logger.info("expired queue entries", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.error("expiry failed", metadata: ["error": "\(type(of: error))"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
            } catch {
                return
            }
        }
    }
}
