import Foundation

/// Hands new queue entries to the WebSocket sessions of connected devices.
///
/// An accepted submission's entries are put, after its transaction committed, into the
/// ``PushMailbox`` of every session of each recipient device, and the session pushes them from
/// memory. The store stays the source of truth: a session re-reads its device's queue on connect,
/// when its mailbox overflowed, and on a data-less ``wake(devices:)`` (PostgreSQL NOTIFY from
/// another node, an ack reopening a full window), so a lost mailbox entry is only a delay.
///
/// Delivery tickets order the in-memory path against those re-reads: a submission takes a
/// ticket before its transaction starts and returns it after posting (or failing). An entry a
/// session read from the store may still be posted later by the submission that created it, if
/// that submission has not returned its ticket yet; ``deliveryFloor`` tells the session when no
/// such late post can come any more (``PushWindow`` keeps acknowledged seqs until then, so a late
/// post is never pushed twice).
///
/// A lock, not an actor: every accept and every session wake passes here, and an actor hop each
/// was measurable at load; nothing here suspends.
public final class DeliveryHub: @unchecked Sendable {
    /// A submission's place in the order of deliveries; return it with ``endDelivery(_:deliveries:)``.
    public struct Ticket: Sendable {
        fileprivate let number: UInt64
    }

    private struct State {
        var subscribers: [String: [PushMailbox]] = [:]
        /// The next ticket number to hand out; numbers start at 1.
        var nextTicket: UInt64 = 1
        /// Tickets handed out and not yet returned.
        var open: Set<UInt64> = []
        /// Every ticket below it has been returned.
        var floor: UInt64 = 1
        var finished = false
    }

    // Guarded by `lock` (Mutex needs macOS 15; the package supports 14).
    private let lock = NSLock()
    private var state = State()

    public init() {}

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// A mailbox for one session of `device`; it starts out asking for a store read.
    func subscribe(device: String, capacity: Int = PushMailbox.defaultCapacity) -> PushMailbox {
        let mailbox = PushMailbox(capacity: capacity)
        let finished = withState { state in
            if !state.finished { state.subscribers[device, default: []].append(mailbox) }
            return state.finished
        }
        if finished { mailbox.finish() }
        return mailbox
    }

    func unsubscribe(device: String, _ mailbox: PushMailbox) {
        withState { state in
            state.subscribers[device]?.removeAll { $0 === mailbox }
            if state.subscribers[device]?.isEmpty == true { state.subscribers[device] = nil }
        }
        mailbox.finish()
    }

    /// Takes a ticket; call it before the store transaction that creates queue entries starts.
    public func beginDelivery() -> Ticket {
        withState { state in
            let number = state.nextTicket
            state.nextTicket += 1
            state.open.insert(number)
            return Ticket(number: number)
        }
    }

    /// Posts the committed `deliveries` to the recipients' sessions and returns the ticket. Call it
    /// exactly once per ticket, after the transaction committed (with its entries) or failed
    /// (with none). Entries must be durable: a session pushes them as they are.
    public func endDelivery(_ ticket: Ticket, deliveries: [QueuedDelivery]) {
        // Frames are built outside the lock, once per message (its recipients are consecutive).
        var items: [(device: String, item: PushMailbox.Item)] = []
        items.reserveCapacity(deliveries.count)
        var last: (messageId: Int64, prefix: String)?
        for delivery in deliveries {
            let prefix: String
            if let last, last.messageId == delivery.entry.messageId {
                prefix = last.prefix
            } else {
                prefix = PushFrame.prefix(delivery.entry)
                last = (delivery.entry.messageId, prefix)
            }
            items.append((delivery.deviceId, PushMailbox.Item(seq: delivery.entry.seq, framePrefix: prefix)))
        }
        withState { state in
            for (device, item) in items {
                state.subscribers[device]?.forEach { $0.post(item) }
            }
            state.open.remove(ticket.number)
            while state.floor < state.nextTicket, !state.open.contains(state.floor) { state.floor += 1 }
        }
    }

    /// Runs `submit` (a store transaction creating queue entries) between ``beginDelivery()`` and
    /// ``endDelivery(_:deliveries:)``.
    func delivering(_ submit: () async throws -> SubmissionOutcome) async throws -> SubmissionOutcome {
        let ticket = beginDelivery()
        let outcome: SubmissionOutcome
        do {
            outcome = try await submit()
        } catch {
            endDelivery(ticket, deliveries: [])
            throw error
        }
        endDelivery(ticket, deliveries: outcome.deliveries)
        return outcome
    }

    /// The ticket number the next submission will get: every submission whose transaction
    /// committed before this call has a lower one. A session notes it when it starts a store read.
    var readMark: UInt64 { withState { $0.nextTicket } }

    /// Every submission with a ticket below this has posted its entries (or failed).
    var deliveryFloor: UInt64 { withState { $0.floor } }

    /// Tells the sessions of `devices` to re-read their queues from the store: their devices may
    /// have entries this node did not post (another node's, or ones an ack made room for).
    public func wake(devices: [String]) {
        withState { state in
            for device in devices {
                state.subscribers[device]?.forEach { $0.requestRead() }
            }
        }
    }

    var connectedDevices: Int { withState { $0.subscribers.count } }

    /// Ends every session's mailbox (graceful shutdown); later subscriptions end at once.
    public func finishAll() {
        let all = withState { state in
            state.finished = true
            defer { state.subscribers = [:] }
            return state.subscribers.values.flatMap { $0 }
        }
        all.forEach { $0.finish() }
    }
}
