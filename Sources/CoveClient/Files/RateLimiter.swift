/// Paces a transfer to an average rate: after each piece it sleeps until the bytes moved so far
/// would have taken that long at `bytesPerSecond`. With no rate it does nothing.
struct RateLimiter: Sendable {
    let bytesPerSecond: Int64?
    private var moved: Int64 = 0
    private let start = ContinuousClock.now

    init(bytesPerSecond: Int64?) {
        self.bytesPerSecond = bytesPerSecond.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Records `count` bytes and waits if they came too fast.
    mutating func pace(_ count: Int) async throws {
        guard let rate = bytesPerSecond else { return }
        moved += Int64(count)
        let due = start + .nanoseconds(Int64(Double(moved) / Double(rate) * 1_000_000_000))
        if due > ContinuousClock.now { try await Task.sleep(until: due, clock: .continuous) }
    }

    /// A piece size that keeps the pacing smooth: about a quarter second of data, between 16 KiB
    /// and `maximum`.
    func pieceSize(maximum: Int) -> Int {
        guard let rate = bytesPerSecond else { return maximum }
        return Int(min(Int64(maximum), max(16 << 10, rate / 4)))
    }
}
