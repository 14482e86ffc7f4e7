import CoveProtocol
import Foundation
import HummingbirdWebSocket
import Logging

/// One device's WebSocket: sends everything queued for it (on connect, then on every wake) and
/// takes acks. Entries stay queued until acknowledged, so a dropped connection loses nothing:
/// the next connection starts again from the oldest unacknowledged entry.
struct SocketSession {
    let service: CoveService
    let device: DeviceRecord
    private let window = PushWindow()

    init(service: CoveService, device: DeviceRecord) {
        self.service = service
        self.device = device
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (id, wakes) = await service.hub.subscribe(device: device.id)
        defer { Task { [hub = service.hub, device] in await hub.unsubscribe(device: device.id, id: id) } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.readLoop(inbound: inbound, outbound: outbound) }
            group.addTask { try await self.writeLoop(outbound: outbound, wakes: wakes) }
            // Whichever ends first (client closed, or shutdown) ends the session.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func readLoop(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        for try await message in inbound.messages(maxSize: 64 << 10) {
            guard case .text(let text) = message,
                  let frame = try? JSONDecoder().decode(SocketFrame.self, from: Data(text.utf8)) else { continue }
            switch frame.type {
            case "ack":
                if let seqs = frame.seqs, seqs.count <= 1000 {
                    _ = try await service.store.ack(deviceId: device.id, seqs: seqs)
                    let wasFull = window.isFull
                    window.acknowledged(seqs)
                    // A full window stopped the writer; acks reopen it.
                    if wasFull { await service.hub.wake(devices: [device.id]) }
                }
            case "ping":
                try await outbound.write(.text(#"{"type":"pong"}"#))
            default:
                continue
            }
        }
    }

    private func writeLoop(outbound: WebSocketOutboundWriter, wakes: AsyncStream<Void>) async throws {
        let batch = 200
        var iterator = wakes.makeAsyncIterator()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        while !Task.isCancelled {
            // From the oldest unacknowledged entry, not from a cursor: see PushWindow.
            let limit = window.readLimit(batch: batch)
            let queue = try await service.store.pending(deviceId: device.id, afterSeq: 0, limit: limit)
            let fresh = window.unpushed(queue, limit: limit)
            for entry in fresh {
                let frame = SocketFrame(type: "message", message: CoveService.queued(entry))
                try await outbound.write(.text(String(decoding: try encoder.encode(frame), as: UTF8.self)))
            }
            if fresh.count == batch, !window.isFull { continue }
            guard await iterator.next() != nil else { return }
        }
    }
}
