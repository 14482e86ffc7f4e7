import Foundation

/// What one WebSocket session has pushed and the device has not yet acknowledged.
///
/// Why not a cursor ("everything after the last seq pushed")? Queue seqs are allocated when a
/// submission's transaction starts but become visible when it commits; on PostgreSQL two
/// concurrent submissions can commit out of seq order. A cursor would then skip the lower seq
/// until the device reconnected. Instead every wake re-reads the device's queue from its oldest
/// unacknowledged entry and pushes what this session has not pushed yet. Acknowledged entries
/// leave the queue, so the re-read stays short; the window is capped so a device that never acks
/// cannot make each wake read an unbounded queue.
final class PushWindow: @unchecked Sendable {
    /// Most entries pushed and not yet acknowledged; beyond it the session waits for acks.
    static let capacity = 1000

    // Guarded by `lock` (Mutex needs macOS 15; the package supports 14).
    private let lock = NSLock()
    private var pushedSeqs: Set<Int64> = []

    private func withPushed<T>(_ body: (inout Set<Int64>) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&pushedSeqs)
    }

    /// How many queue entries to read so that, after skipping pushed ones, up to `batch` are new.
    func readLimit(batch: Int) -> Int {
        withPushed { $0.count } + batch
    }

    var isFull: Bool { withPushed { $0.count >= Self.capacity } }

    /// The entries of `queue` (read from the oldest) not pushed yet, marked pushed. When the read
    /// was complete (`queue.count < limit`), forgets pushed seqs no longer queued: they were
    /// acknowledged, over this socket or over HTTP.
    func unpushed(_ queue: [QueueEntry], limit: Int) -> [QueueEntry] {
        withPushed { pushed in
            if queue.count < limit { pushed.formIntersection(queue.map(\.seq)) }
            let fresh = queue.filter { !pushed.contains($0.seq) }.prefix(max(0, Self.capacity - pushed.count))
            pushed.formUnion(fresh.map(\.seq))
            return Array(fresh)
        }
    }

    /// Acknowledged seqs leave the window.
    func acknowledged(_ seqs: [Int64]) {
        withPushed { $0.subtract(seqs) }
    }
}
