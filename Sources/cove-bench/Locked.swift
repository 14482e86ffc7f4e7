#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A value behind a lock, for the few counters and logs that several tasks update (receivers and
/// senders append to their own arrays; this is for what they share).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// The process's monotonic clock in nanoseconds. Send start and receipt are both read from it,
/// so end-to-end latency needs no clock agreement between sender and receiver.
enum MonotonicClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
