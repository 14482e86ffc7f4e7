import CoveProtocol
import Foundation
import HummingbirdWSClient
import Logging

/// When one pushed application message reached one device.
struct Receipt: Sendable {
    var messageId: Int64
    var device: Int
    var at: UInt64
}

/// Counts deliveries across all receivers, so the run knows when everything sent has arrived.
final class DeliveryProgress: Sendable {
    private let state = Locked((delivered: 0, connected: 0))
    func delivered() { state.withLock { $0.delivered += 1 } }
    func connected() { state.withLock { $0.connected += 1 } }
    var deliveredCount: Int { state.withLock { $0.delivered } }
    var connectedCount: Int { state.withLock { $0.connected } }
}

/// One device's WebSocket (`/v1/ws`): records when each pushed application message arrives
/// and acknowledges what it received. Acks are coalesced the way a client that stores before it
/// acks would: one ack frame carries every seq received since the previous ack was written, so
/// under load acks batch themselves and at low load each message is acked alone.
struct PushReceiver: Sendable {
    let device: BenchDevice
    /// The device's groups by group id (base64url), for `decrypt`.
    let memberships: [String: Membership]
    /// Decrypt and verify every received PrivateMessage (client CPU the server does not see).
    let decrypt: Bool
    let progress: DeliveryProgress
    let receipts: Locked<[Receipt]>
    let failures: Locked<[String: Int]>

    /// The fields of a pushed `{"type":"message","message":{...}}` frame the tool uses.
    struct Pushed {
        var seq: Int64
        var messageId: Int64
        var groupId: String
        var kind: String
        var payload: String
    }

    static let pushedFields: Set<String> = ["type", "message.seq", "message.messageId", "message.groupId", "message.kind", "message.payload"]

    /// The pushed message of a `message` frame; nil for other frames and malformed ones. Read
    /// with ``JSONFields`` (not `JSONDecoder`: see there); the payload's base64 is kept as text
    /// and only decoded by `--decrypt`.
    static func pushed(_ text: String) -> Pushed? {
        guard let f = JSONFields.scan(text, wanted: pushedFields), f["type"] == .string("message"),
              case .int(let seq)? = f["message.seq"], case .int(let messageId)? = f["message.messageId"],
              case .string(let groupId)? = f["message.groupId"], case .string(let kind)? = f["message.kind"],
              case .string(let payload)? = f["message.payload"] else { return nil }
        return Pushed(seq: seq, messageId: messageId, groupId: groupId, kind: kind, payload: payload)
    }

    func run(url: String) async throws {
        var logger = Logger(label: "cove-bench.ws")
        logger.logLevel = .warning
        let pending = Locked<[Int64]>([])
        try await WebSocketClient.connect(
            url: url,
            configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(device.token)"]),
            logger: logger
        ) { inbound, outbound, _ in
            progress.connected()
            let (wakes, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    for await _ in wakes {
                        let seqs = pending.withLock { p -> [Int64] in defer { p = [] }; return p }
                        for start in stride(from: 0, to: seqs.count, by: 1000) {
                            let chunk = seqs[start..<min(start + 1000, seqs.count)]
                            try await outbound.write(.text(#"{"type":"ack","seqs":["# + chunk.map(String.init).joined(separator: ",") + "]}"))
                        }
                    }
                }
                for try await frame in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = frame else { continue }
                    let at = MonotonicClock.now()
                    guard let message = Self.pushed(text) else { continue }
                    if message.kind == "application" {
                        receipts.withLock { $0.append(Receipt(messageId: message.messageId, device: device.index, at: at)) }
                        progress.delivered()
                        if decrypt { check(message) }
                    }
                    pending.withLock { $0.append(message.seq) }
                    wake.yield()
                }
                wake.finish()
                try await tasks.waitForAll()
            }
        }
    }

    private func check(_ message: Pushed) {
        guard let membership = memberships[message.groupId], let bytes = Data(base64Encoded: message.payload) else {
            failures.withLock { $0["decrypt: unknown group or bad base64", default: 0] += 1 }
            return
        }
        do {
            guard try membership.unprotect([UInt8](bytes)) != nil else {
                failures.withLock { $0["decrypt: not an application message", default: 0] += 1 }
                return
            }
        } catch {
            failures.withLock { $0["decrypt: \(error)".prefix(80).description, default: 0] += 1 }
        }
    }
}
