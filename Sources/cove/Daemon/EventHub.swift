/// Fans the client's one event stream out to every subscribed connection. Events that arrive while
/// nobody is subscribed are kept (up to `backlogLimit`) and handed to the next subscriber, so a bot
/// that reconnects misses nothing the daemon received meanwhile (they are in the store either way).
actor EventHub {
    static let backlogLimit = 10_000

    private var subscribers: [Int: AsyncStream<CLIEvent>.Continuation] = [:]
    private var backlog: [CLIEvent] = []
    private var droppedFromBacklog = 0

    func publish(_ event: CLIEvent) {
        guard !subscribers.isEmpty else {
            if backlog.count >= Self.backlogLimit {
                backlog.removeFirst()
                droppedFromBacklog += 1
            }
            backlog.append(event)
            return
        }
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// Registers connection `id`; its stream starts with the backlog, if any.
    func subscribe(_ id: Int) -> AsyncStream<CLIEvent> {
        subscribers[id]?.finish()
        let (stream, continuation) = AsyncStream<CLIEvent>.makeStream(bufferingPolicy: .bufferingNewest(Self.backlogLimit))
        if droppedFromBacklog > 0 {
            continuation.yield(.alert(kind: "backlog", message: "\(droppedFromBacklog) older events were not kept for this subscription; they are in the store", conversationId: nil))
            droppedFromBacklog = 0
        }
        for event in backlog { continuation.yield(event) }
        backlog.removeAll()
        subscribers[id] = continuation
        return stream
    }

    func unsubscribe(_ id: Int) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    func finishAll() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }
}
