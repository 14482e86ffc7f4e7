import CoveProtocol
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore

/// One device's WebSocket: sends everything queued for it (on connect, then on every wake) and
/// takes acks. Entries stay queued until acknowledged, so a dropped connection loses nothing:
/// the next connection starts again from the oldest unacknowledged entry.
///
/// `device` is nil when the upgrade carried no credentials: the first frame must then be
/// `{"type":"auth","token":...}` within ``authTimeout``; nothing is sent before it.
struct SocketSession {
    let service: CoveService
    let device: DeviceRecord?
    /// The upgraded connection, for writing several push frames per flush (``PushWriter``).
    let channel: (any Channel)?
    var authTimeout: Duration = .seconds(10)
    private let window = PushWindow()

    init(service: CoveService, device: DeviceRecord?, channel: (any Channel)? = nil) {
        self.service = service
        self.device = device
        self.channel = channel
    }

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let (authenticated, announce) = AsyncStream<DeviceRecord>.makeStream()
        if let device {
            announce.yield(device)
            announce.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.readLoop(inbound: inbound, outbound: outbound, announce: announce) }
            group.addTask {
                guard let device = await Self.first(authenticated, within: authTimeout) else {
                    try? await Self.writeError(outbound, .unauthenticated)
                    return
                }
                let mailbox = service.hub.subscribe(device: device.id)
                defer { service.hub.unsubscribe(device: device.id, mailbox) }
                try await self.writeLoop(device: device, writer: PushWriter(outbound: outbound, channel: channel), mailbox: mailbox)
            }
            // Whichever ends first (client closed, refused authentication, or shutdown) ends the session.
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// The authenticated device, or nil if none arrived in time.
    private static func first(_ stream: AsyncStream<DeviceRecord>, within timeout: Duration) async -> DeviceRecord? {
        await withTaskGroup(of: DeviceRecord?.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let result = await group.next() ?? nil
            group.cancelAll()
            return result
        }
    }

    private static func writeError(_ outbound: WebSocketOutboundWriter, _ code: APIErrorCode) async throws {
        try await outbound.write(.text(#"{"code":"\#(code.rawValue)","type":"error"}"#))
    }

    private func readLoop(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
                          announce: AsyncStream<DeviceRecord>.Continuation) async throws {
        var current = device
        for try await message in inbound.messages(maxSize: 64 << 10) {
            guard case .text(let text) = message else { continue }
            // Most frames are acks: parsed without JSONDecoder when they have the usual form.
            if let device = current, let seqs = AckFrame.seqs(text) {
                try await acknowledge(seqs, device: device)
                continue
            }
            guard let frame = try? JSONDecoder().decode(SocketFrame.self, from: Data(text.utf8)) else { continue }
            guard let device = current else {
                // Unauthenticated: the only acceptable frame is a valid `auth`; anything else ends it.
                guard frame.type == "auth", let token = frame.token,
                      let device = try? await service.authenticate(bearer: token) else {
                    try await Self.writeError(outbound, .unauthenticated)
                    return
                }
                current = device
                announce.yield(device)
                announce.finish()
                continue
            }
            switch frame.type {
            case "ack":
                if let seqs = frame.seqs { try await acknowledge(seqs, device: device) }
            case "ping":
                try await outbound.write(.text(#"{"type":"pong"}"#))
            default:
                continue
            }
        }
    }

    /// Removes acknowledged entries from the queue, then from the window.
    private func acknowledge(_ seqs: [Int64], device: DeviceRecord) async throws {
        guard seqs.count <= AckFrame.maxSeqs else { return }
        let removed = try await service.store.ack(deviceId: device.id, seqs: seqs)
        service.metrics.socketAckFrame()
        service.metrics.acked(removed)
        let wasFull = window.isFull
        window.acknowledged(seqs)
        // A full window stopped the writer; acks reopen it.
        if wasFull { service.hub.wake(devices: [device.id]) }
    }

    /// Pushes what the mailbox brings (entries committed on this node, no store read) and reads
    /// the device's queue from the store when the mailbox asks for it (connect, overflow, wakes
    /// from other nodes or from acks that reopened a full window).
    private func writeLoop(device: DeviceRecord, writer: PushWriter, mailbox: PushMailbox) async throws {
        let batch = 200
        let hub = service.hub
        var signals = mailbox.signals.makeAsyncIterator()
        var readNeeded = false
        while !Task.isCancelled {
            // Before the take: submissions below it have posted into this or an earlier take.
            let floor = hub.deliveryFloor
            let mail = mailbox.take()
            if mail.readNeeded || readNeeded {
                readNeeded = false
                // The read lists every entry the mailbox held (they committed before it was taken).
                // From the oldest unacknowledged entry, not from a cursor: see PushWindow.
                // The window's seqs first (index only), then payloads for the new entries alone.
                let read = window.beginRead(batch: batch, mark: hub.readMark)
                let queued = try await service.store.pendingSeqs(deviceId: device.id, limit: read.limit)
                let fresh = window.unpushed(seqs: queued, read: read)
                // An entry acknowledged over HTTP in between is missing here; it stays marked pushed
                // until a complete read no longer lists it (PushWindow), which is what it needs.
                if !fresh.isEmpty {
                    try await writer.write(try await service.store.pending(deviceId: device.id, seqs: fresh).map(PushFrame.message))
                }
                if fresh.count == batch, !window.isFull { readNeeded = true }
            } else if !mail.entries.isEmpty {
                let admitted = window.admit(mail.entries)
                // Posts from concurrent submissions may arrive out of seq order; push in seq order
                // as a store read would (a commit before the next epoch's messages).
                try await writer.write(admitted.fresh.sorted { $0.seq < $1.seq }.map(\.frame))
                // No room: the ack that reopens the full window wakes this session (readLoop); if one
                // already did, read now.
                if admitted.overflow > 0, !window.isFull { readNeeded = true }
            }
            window.settle(deliveryFloor: floor)
            if readNeeded { continue }
            guard await signals.next() != nil else { return }
        }
    }
}
