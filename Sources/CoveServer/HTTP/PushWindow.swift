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
///
/// Entries also arrive from memory (``PushMailbox``, posted after their transaction committed),
/// and the same entry may come both ways. Each comes from the mailbox at most once, but possibly
/// late: after a store read already listed it, the device acknowledged it, and a later read no
/// longer lists it. So a seq first pushed from a store read carries the read's mark (the
/// ``DeliveryHub`` ticket number at the read's start) and stays remembered as acknowledged until
/// every submission below that mark has posted (``settle(deliveryFloor:)``).
final class PushWindow: @unchecked Sendable {
    /// Most entries pushed and not yet acknowledged; beyond it the session waits for acks.
    static let capacity = 1000

    /// A queue read in progress: how many entries to read, and the acks it is sure to reflect.
    struct Read: Sendable {
        let limit: Int
        fileprivate let ackGeneration: UInt64
        fileprivate let mark: UInt64
    }

    /// An acknowledged seq still remembered: the generation of its ack, and the mark of the read
    /// that pushed it (0: pushed from the mailbox, which cannot post it again).
    private struct Acknowledged {
        var generation: UInt64
        var mark: UInt64
    }

    private struct State {
        /// Pushed seqs, each with the mark of the read that pushed it (0: from the mailbox).
        var pushed: [Int64: UInt64] = [:]
        /// Acknowledged seqs, until a later read confirms them gone and no late post can come.
        var acknowledged: [Int64: Acknowledged] = [:]
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
    /// `mark` is ``DeliveryHub/readMark`` taken before the read (0 when nothing posts to the
    /// session's mailbox).
    func beginRead(batch: Int, mark: UInt64 = 0) -> Read {
        withState { Read(limit: $0.pushed.count + $0.acknowledged.count + batch, ackGeneration: $0.generation, mark: mark) }
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
            // Acks committed before this read began: the read cannot list them, so they can go,
            // unless a late mailbox post may still bring them (settle(deliveryFloor:) decides).
            state.acknowledged = state.acknowledged.filter { $0.value.generation > read.ackGeneration || $0.value.mark != 0 }
            if queued.count < read.limit {
                // Pushed but no longer queued: acknowledged over HTTP. Remembered like an ack if a
                // late post may still bring it.
                let listed = Set(queued)
                for (seq, mark) in state.pushed where !listed.contains(seq) {
                    state.pushed[seq] = nil
                    if mark != 0 { state.acknowledged[seq] = Acknowledged(generation: state.generation, mark: mark) }
                }
            }
            let room = max(0, Self.capacity - state.pushed.count)
            let fresh = queued.lazy
                .filter { [state] in state.pushed[$0] == nil && state.acknowledged[$0] == nil }
                .prefix(room)
            let result = Array(fresh)
            for seq in result { state.pushed[seq] = read.mark }
            return result
        }
    }

    /// The mailbox's `entries` (committed, posted once each) not pushed or acknowledged yet, as
    /// far as the window has room, marked pushed. `overflow` counts the new ones left out for lack
    /// of room: the session must read them from the store once acks make room.
    func admit(_ entries: [PushMailbox.Item]) -> (fresh: [PushMailbox.Item], overflow: Int) {
        withState { state in
            var fresh: [PushMailbox.Item] = []
            var overflow = 0
            for entry in entries where state.pushed[entry.seq] == nil && state.acknowledged[entry.seq] == nil {
                if state.pushed.count >= Self.capacity {
                    overflow += 1
                } else {
                    state.pushed[entry.seq] = 0
                    fresh.append(entry)
                }
            }
            return (fresh, overflow)
        }
    }

    /// Forgets acknowledged seqs that can no longer come back. Call it only between store reads
    /// (so no read begun before an ack is still to be applied), after taking the mailbox, with the
    /// ``DeliveryHub/deliveryFloor`` read before that take: submissions below it have posted, and
    /// their posts were in the taken batch or earlier ones.
    func settle(deliveryFloor: UInt64) {
        withState { state in
            guard !state.acknowledged.isEmpty else { return }
            state.acknowledged = state.acknowledged.filter { $0.value.mark > deliveryFloor }
        }
    }

    /// Seqs whose ack the store has committed. Call it after the store's ack returns. Only seqs
    /// this session pushed are remembered, so a device acking made-up seqs cannot grow the window.
    func acknowledged(_ seqs: [Int64]) {
        withState { state in
            state.generation &+= 1
            for seq in seqs {
                guard let mark = state.pushed.removeValue(forKey: seq) else { continue }
                state.acknowledged[seq] = Acknowledged(generation: state.generation, mark: mark)
            }
        }
    }
}
