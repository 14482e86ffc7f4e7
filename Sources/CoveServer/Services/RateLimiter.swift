/// Token buckets keyed by device or remote address. In memory, per node: a limit for abuse, not
/// an accounting system.
actor RateLimiter {
    private struct Bucket { var tokens: Double; var updated: Int64 }
    private var buckets: [String: Bucket] = [:]
    private let clock: ServerClock

    init(clock: ServerClock) { self.clock = clock }

    /// Takes one token from `key`'s bucket; returns seconds to wait if there is none.
    func take(_ key: String, rate: Double, burst: Double) -> Int? {
        let now = clock.nowMillis()
        var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + Double(max(0, now - bucket.updated)) / 1000 * rate)
        bucket.updated = now
        if bucket.tokens < 1 {
            buckets[key] = bucket
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[key] = bucket
        if buckets.count > 100_000 { prune(now: now, burst: burst, rate: rate) }
        return nil
    }

    /// Drops buckets that have refilled (they are equivalent to new ones).
    private func prune(now: Int64, burst: Double, rate: Double) {
        buckets = buckets.filter { _, b in b.tokens + Double(now - b.updated) / 1000 * rate < burst }
    }
}
