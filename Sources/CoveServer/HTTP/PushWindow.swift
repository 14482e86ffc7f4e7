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
///
/// Acks arrive on the reader task while the writer task may hold a read taken before the ack
/// committed: that stale read still lists the acknowledged entry. So an acknowledged seq is kept
/// (as `acknowledged`, with the ack's generation) until a read that began after the ack has been
/// applied; only then is the store's answer authoritative about it. Without this, the entry was
/// pushed a second time.
final class PushWindow: @unchecked Sendable {
    /// Most entries pushed and not yet acknowledged; beyond it the session waits for acks.
    static let capacity = 1000

    /// A queue read in progress: how many entries to read, and the acks it is sure to reflect.
    struct Read: Sendable {
        let limit: Int
        fileprivate let ackGeneration: UInt64
    }

    private struct State {
        var pushed: Set<Int64> = []
        /// Acknowledged seqs, each with the generation of its ack, until a later read confirms them gone.
        var acknowledged: [Int64: UInt64] = [:]
        var generation: UInt64 = 0
    }

    // Guarded by `lock` (Mutex needs macOS 15; the package supports 14).
    private let lock = NSLock()
    private var state = State()

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// Starts a read: enough entries that, after skipping pushed and acknowledged ones, up to
    /// `batch` are new. Call it before reading the queue from the store.
    func beginRead(batch: Int) -> Read {
        withState { Read(limit: $0.pushed.count + $0.acknowledged.count + batch, ackGeneration: $0.generation) }
    }

    var isFull: Bool { withState { $0.pushed.count >= Self.capacity } }

    /// The entries of `queue` (read from the oldest, after `read` began) not pushed or
    /// acknowledged yet, marked pushed. When the read was complete (`queue.count < limit`),
    /// forgets pushed seqs no longer queued: they were acknowledged over HTTP.
    func unpushed(_ queue: [QueueEntry], read: Read) -> [QueueEntry] {
        let fresh = Set(unpushed(seqs: queue.map(\.seq), read: read))
        return queue.filter { fresh.contains($0.seq) }
    }

    /// The same on the queue's seqs alone (the writer reads payloads only for the result).
    /// `queued` lists the device's queue from the oldest, read after `read` began.
    func unpushed(seqs queued: [Int64], read: Read) -> [Int64] {
        withState { state in
            // Acks committed before this read began: the read cannot list them, so they can go.
            state.acknowledged = state.acknowledged.filter { $0.value > read.ackGeneration }
            if queued.count < read.limit { state.pushed.formIntersection(queued) }
            let room = max(0, Self.capacity - state.pushed.count)
            let fresh = queued.lazy
                .filter { [state] in !state.pushed.contains($0) && state.acknowledged[$0] == nil }
                .prefix(room)
            let result = Array(fresh)
            state.pushed.formUnion(result)
            return result
        }
    }

    /// Seqs whose ack the store has committed. Call it after the store's ack returns. Only seqs
    /// this session pushed are remembered, so a device acking made-up seqs cannot grow the window.
    func acknowledged(_ seqs: [Int64]) {
        withState { state in
            state.generation &+= 1
            for seq in seqs where state.pushed.remove(seq) != nil {
                state.acknowledged[seq] = state.generation
            }
        }
    }
}
