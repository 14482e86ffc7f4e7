import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Writes a session's push frames, several per flush.
///
/// Why: `WebSocketOutboundWriter.write` flushes every frame (one `writev` system call each), and
/// those flushes were about 12 % of the server's CPU at load (docs/PERFORMANCE.md, "Session 5:
/// push path"). The writer offers no way to write several frames and flush once, so all frames but
/// the last go straight to the channel, without a flush, on its event loop; the last goes through
/// the outbound writer, whose flush sends them all. Both paths enqueue on the same event loop in
/// program order, so frames keep their order. The outbound writer's back-pressure still applies
/// per batch, and when the channel is not writable every frame takes the outbound writer's path.
/// The frames written directly skip the WebSocket extensions: the server configures none.
struct PushWriter: Sendable {
    let outbound: WebSocketOutboundWriter
    /// The upgraded connection; nil writes frame by frame (tests, or no channel at hand).
    let channel: (any Channel)?

    func write(_ frames: [String]) async throws {
        guard let last = frames.last else { return }
        guard frames.count > 1, let channel, channel.isWritable else {
            for frame in frames { try await outbound.write(.text(frame)) }
            return
        }
        try Task.checkCancellation()
        let head = frames.dropLast().map { WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: $0)) }
        channel.eventLoop.execute {
            for frame in head { channel.write(frame, promise: nil) }
        }
        try await outbound.write(.text(last))
    }
}
