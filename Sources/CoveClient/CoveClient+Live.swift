import CoveProtocol
import Foundation
import HummingbirdWSClient
import Logging

extension CoveClient {
    /// A live stream of events: this device's queue over the WebSocket `/v1/ws` (everything
    /// pending first, then pushes), reconnecting with backoff and falling back to fetching while
    /// the socket is down. Each pushed message is processed and stored before it is acknowledged.
    /// Events found by concurrent ``sync()`` calls appear here too. Cancel the consuming task
    /// (or ``close()``) to stop.
    public func events() -> AsyncThrowingStream<ClientEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ClientEvent.self)
        let id = UUID()
        liveStreams[id] = continuation
        let task = Task { await self.runLive(id) }
        continuation.onTermination = { _ in
            task.cancel()
            Task { await self.removeLiveStream(id) }
        }
        return stream
    }

    func removeLiveStream(_ id: UUID) { liveStreams[id] = nil }

    func deliverToLiveStreams(_ events: [ClientEvent]) {
        for continuation in liveStreams.values {
            for event in events { continuation.yield(event) }
        }
    }

    func finishLiveStreams() {
        for continuation in liveStreams.values { continuation.finish() }
        liveStreams = [:]
    }

    private func failLiveStream(_ id: UUID, _ error: any Error) {
        liveStreams[id]?.finish(throwing: error)
        liveStreams[id] = nil
    }

    /// Connects, processes pushes, reconnects; ends when the stream is cancelled or the client closed.
    func runLive(_ id: UUID) async {
        var backoff: Duration = .milliseconds(250)
        while !Task.isCancelled, !closed, liveStreams[id] != nil {
            do {
                _ = try await sync()
                let token = try await currentToken()
                try await connectSocket(token: token)
                backoff = .milliseconds(250)
            } catch let error as CoveClientError where error.code == .deviceRevoked || error.code == .corruptStore {
                failLiveStream(id, error)
                return
            } catch {
                logger.debug("live connection ended", metadata: ["error": "\(type(of: error))"])
            }
            if Task.isCancelled || closed { break }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(5))
        }
    }

    func currentToken() async throws -> String {
        if let token { return token }
        return try await login()
    }

    private func connectSocket(token: String) async throws {
        let url = api.baseURL.replacingOccurrences(of: "http://", with: "ws://").replacingOccurrences(of: "https://", with: "wss://") + "/v1/ws"
        var wsLogger = Logger(label: "cove.client.ws")
        wsLogger.logLevel = .critical
        _ = try await WebSocketClient.connect(
            url: url, configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(token)"]), logger: wsLogger
        ) { inbound, outbound, _ in
            for try await frame in inbound.messages(maxSize: 1 << 22) {
                guard case .text(let text) = frame,
                      let decoded = try? JSONDecoder().decode(SocketFrame.self, from: Data(text.utf8)),
                      decoded.type == "message", let message = decoded.message else { continue }
                try await self.processPushed(message)
                let ack = try JSONEncoder().encode(SocketFrame(type: "ack", seqs: [message.seq]))
                try await outbound.write(.text(String(decoding: ack, as: UTF8.self)))
            }
        }
    }

    /// Processes one pushed message (stored before the caller acks it).
    func processPushed(_ message: QueuedMessage) async throws {
        let result = try await locked { try await self.process(message) }
        if result.consumedKeyPackage { try? await locked { try await self.replenishKeyPackages() } }
        _ = try await locked { try await self.drainEvents() }
    }
}
