import Foundation

/// One WebSocket session's inbox in the ``DeliveryHub``: committed queue entries to push from
/// memory, or a request to re-read the device's queue from the store.
///
/// Bounded: when more than `capacity` entries wait (a slow client, a stalled writer), the entries
/// are dropped and a store read is requested instead; the store has them all. While a read is
/// requested, new entries are not kept either: that read will list them.
final class PushMailbox: @unchecked Sendable {
    /// A committed queue entry, ready to push: its seq and its frame without the seq
    /// (``PushFrame/prefix(_:)``, shared by the message's recipients).
    struct Item: Sendable {
        let seq: Int64
        let framePrefix: String

        init(seq: Int64, framePrefix: String) {
            self.seq = seq
            self.framePrefix = framePrefix
        }

        init(_ entry: QueueEntry) {
            self.init(seq: entry.seq, framePrefix: PushFrame.prefix(entry))
        }

        var frame: String { PushFrame.message(prefix: framePrefix, seq: seq) }
    }

    static let defaultCapacity = 1000

    /// What the session takes at once.
    struct Batch: Sendable {
        /// Entries posted since the last take, in posting order (not necessarily seq order).
        var entries: [Item]
        /// The session must read the device's queue from the store (connect, overflow, a wake).
        var readNeeded: Bool
    }

    private struct State {
        var entries: [Item] = []
        var readNeeded = true
    }

    let capacity: Int
    /// Yields (coalesced) whenever something was posted.
    let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    // Guarded by `lock` (Mutex needs macOS 15; the package supports 14).
    private let lock = NSLock()
    private var state = State()

    init(capacity: Int) {
        self.capacity = capacity
        (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// Adds a committed entry; past `capacity`, asks for a store read instead.
    /// Signals only when the mailbox was empty: otherwise a signal is pending already, or the
    /// session is between takes and takes this entry with the others.
    func post(_ entry: Item) {
        let wake = withState { state in
            guard !state.readNeeded else { return false }
            if state.entries.count >= capacity {
                state.entries = []
                state.readNeeded = true
                return true
            }
            state.entries.append(entry)
            return state.entries.count == 1
        }
        if wake { signal.yield() }
    }

    /// Asks the session to read its device's queue from the store.
    func requestRead() {
        let wasAsked = withState { state in
            defer {
                state.readNeeded = true
                state.entries = []
            }
            return state.readNeeded
        }
        if !wasAsked { signal.yield() }
    }

    /// Everything posted since the last take; empties the mailbox.
    func take() -> Batch {
        withState { state in
            defer { state = State(entries: [], readNeeded: false) }
            return Batch(entries: state.entries, readNeeded: state.readNeeded)
        }
    }

    /// Ends `signals`: the session's writer stops.
    func finish() {
        signal.finish()
    }
}
