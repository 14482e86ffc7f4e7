/// Wakes the WebSocket connections of devices that have new queue entries. Wakes carry no data:
/// a connection then reads its queue from the store, so a lost or duplicated wake is harmless.
public actor DeliveryHub {
    private var subscribers: [String: [Int: AsyncStream<Void>.Continuation]] = [:]
    private var nextId = 0

    public init() {}

    /// A stream that yields whenever `device` may have new entries (coalesced).
    func subscribe(device: String) -> (id: Int, stream: AsyncStream<Void>) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        nextId += 1
        subscribers[device, default: [:]][nextId] = continuation
        return (nextId, stream)
    }

    func unsubscribe(device: String, id: Int) {
        subscribers[device]?[id]?.finish()
        subscribers[device]?[id] = nil
        if subscribers[device]?.isEmpty == true { subscribers[device] = nil }
    }

    public func wake(devices: [String]) {
        for device in devices {
            subscribers[device]?.values.forEach { $0.yield() }
        }
    }

    var connectedDevices: Int { subscribers.count }

    /// Ends every stream (graceful shutdown).
    public func finishAll() {
        for (_, conts) in subscribers { conts.values.forEach { $0.finish() } }
        subscribers = [:]
    }
}
