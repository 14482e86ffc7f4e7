import CoveProtocol
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging

/// Collects what the server pushes to one device over the WebSocket.
actor PushCollector {
    private(set) var messages: [QueuedMessage] = []
    private var connected = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func markConnected() {
        connected = true
        waiters.forEach { $0.resume() }
        waiters = []
    }

    func waitConnected() async {
        if connected { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func append(_ m: QueuedMessage) { messages.append(m) }
}

/// How the test socket authenticates (the server accepts all three).
enum PushAuth: Sendable, CaseIterable {
    case header, subprotocol, firstFrame
}

struct PushTimeout: Error, CustomStringConvertible {
    var description: String
}

/// Connects `device` to `port`'s WebSocket, runs `action` once connected, and returns the pushed
/// messages once `count` arrived (acknowledging each over the socket if `ack`).
func collectPush(_ device: TestDevice, port: Int, count: Int, ack: Bool = true, timeout: Duration = .seconds(20), auth: PushAuth = .header,
                 action: @escaping @Sendable () async throws -> Void = {}) async throws -> [QueuedMessage] {
    let headers: HTTPFields
    switch auth {
    case .header: headers = [.authorization: "Bearer \(device.token)"]
    case .subprotocol: headers = [.secWebSocketProtocol: "\(SocketProtocol.v1), \(SocketProtocol.bearerPrefix)\(device.token)"]
    case .firstFrame: headers = [:]
    }
    let collector = PushCollector()
    let logger: Logger = {
        var logger = Logger(label: "test.ws")
        logger.logLevel = .warning
        return logger
    }()
    return try await withThrowingTaskGroup(of: [QueuedMessage]?.self) { group in
        group.addTask {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/ws",
                configuration: .init(additionalHeaders: headers),
                logger: logger
            ) { inbound, outbound, _ in
                if auth == .firstFrame {
                    var frame = SocketFrame(type: "auth")
                    frame.token = device.token
                    try await outbound.write(.text(String(decoding: try JSONEncoder().encode(frame), as: UTF8.self)))
                }
                await collector.markConnected()
                if count == 0 { return }
                for try await frame in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = frame,
                          let decoded = try? JSONDecoder().decode(SocketFrame.self, from: Data(text.utf8)),
                          decoded.type == "message", let message = decoded.message else { continue }
                    await collector.append(message)
                    if ack {
                        let ackFrame = try JSONEncoder().encode(SocketFrame(type: "ack", seqs: [message.seq]))
                        try await outbound.write(.text(String(decoding: ackFrame, as: UTF8.self)))
                    }
                    if await collector.messages.count >= count { return }
                }
            }
            return await collector.messages
        }
        group.addTask {
            await collector.waitConnected()
            try await action()
            return nil
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw PushTimeout(description: "got \(await collector.messages.count) of \(count) pushed messages in \(timeout)")
        }
        while let result = try await group.next() {
            if let messages = result {
                group.cancelAll()
                return messages
            }
        }
        throw PushTimeout(description: "WebSocket ended")
    }
}
