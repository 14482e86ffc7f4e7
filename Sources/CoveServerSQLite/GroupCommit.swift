/// Group commit for the one SQLite connection: store transactions that arrive while another is
/// running share its `BEGIN IMMEDIATE ... COMMIT`, so one fsync of the WAL (synchronous=FULL)
/// makes a whole batch durable instead of one transaction each.
///
/// Each caller's work still runs alone and in arrival order (a FIFO lock), inside its own
/// SAVEPOINT: a body that throws rolls back only itself. Nobody gets an answer before the
/// COMMIT that covers its work has returned: a caller whose body succeeded waits for the batch's
/// commit and fails if the commit fails, so "durable before acknowledged" holds exactly as with
/// one transaction per call. Reads wait too, so nothing read from a not yet committed batch
/// leaves the server early.
///
/// The holder that finishes its body commits the batch when nobody is waiting for the lock, or
/// when the batch reached ``maxBatch`` bodies or ``maxDelay``; otherwise it hands the open
/// transaction to the next waiter. Under light load every transaction commits alone (no added
/// latency); under load batches grow with the arrival rate times the fsync time.
actor GroupCommitLock {
    /// One batch's outcome, awaited by every member but the one that commits it.
    final class Batch: @unchecked Sendable {
        // Guarded by the actor that owns it (GroupCommitLock): touched only in its methods.
        fileprivate var result: Result<Void, any Error>?
        fileprivate var waiters: [CheckedContinuation<Void, any Error>] = []
        fileprivate var count = 0
        fileprivate let started: ContinuousClock.Instant = .now
    }

    let maxBatch: Int
    let maxDelay: Duration
    private var locked = false
    private var lockWaiters: [CheckedContinuation<Void, Never>] = []
    /// The open transaction's batch, nil when no transaction is open.
    private(set) var open: Batch?

    init(maxBatch: Int = 256, maxDelay: Duration = .milliseconds(4)) {
        self.maxBatch = maxBatch
        self.maxDelay = maxDelay
    }

    /// Waits for exclusive use of the connection; returns the open batch to join, or nil if the
    /// caller must BEGIN a new transaction (and then call ``began()``).
    func acquire() async -> Batch? {
        if locked {
            await withCheckedContinuation { lockWaiters.append($0) }
        } else {
            locked = true
        }
        open?.count += 1
        return open
    }

    /// The caller opened a transaction: it is the first member of a new batch.
    func began() -> Batch {
        let batch = Batch()
        batch.count = 1
        open = batch
        return batch
    }

    /// Whether the holder should commit now rather than hand the open transaction on.
    func shouldCommit() -> Bool {
        guard let open else { return true }
        return lockWaiters.isEmpty || open.count >= maxBatch || ContinuousClock.now - open.started >= maxDelay
    }

    /// Hands the lock (and the open transaction) to the next waiter.
    func pass() {
        if lockWaiters.isEmpty {
            locked = false
        } else {
            lockWaiters.removeFirst().resume()
        }
    }

    /// The holder committed (or failed to): closes the batch, releases the lock, and answers
    /// every member waiting for it.
    func finish(_ batch: Batch, _ result: Result<Void, any Error>) {
        if open === batch { open = nil }
        batch.result = result
        let waiters = batch.waiters
        batch.waiters = []
        pass()
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Hands the open transaction on and waits until `batch` is committed; throws if its
    /// commit failed.
    func passAndAwaitCommit(_ batch: Batch) async throws {
        pass()
        if let result = batch.result { return try result.get() }
        try await withCheckedThrowingContinuation { batch.waiters.append($0) }
    }
}
