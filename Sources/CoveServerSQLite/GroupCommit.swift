import Foundation

/// Group commit for the one SQLite write connection: store transactions queue here, and one drain
/// task runs everything queued back to back, each caller's body in its own SAVEPOINT of one
/// `BEGIN IMMEDIATE ... COMMIT`, so one fsync of the WAL (synchronous=FULL) makes a whole batch
/// durable instead of one transaction each.
///
/// Each caller's work still runs alone and in arrival order, inside its own SAVEPOINT: a body that
/// throws rolls back only itself. Nobody gets an answer before the COMMIT that covers its work has
/// returned: a caller whose body succeeded is answered after its batch's commit and fails if the
/// commit fails, so "durable before acknowledged" holds exactly as with one transaction per call.
///
/// Why a queue drained by one task rather than a lock handed from caller to caller (the first
/// design): with a lock, every hand-off waited until the scheduler ran the next caller's task,
/// behind every other ready task of a loaded server, and the connection sat idle meanwhile. The
/// drain runs the next body as soon as the previous one returns. Batches form by themselves: what
/// arrives while a batch runs and commits is the next batch. Under light load a transaction
/// commits alone, as soon as it arrives.
final class GroupCommitQueue: @unchecked Sendable {
    /// One caller's transaction.
    struct Job: Sendable {
        /// Runs the caller's body in its savepoint on the write connection, inside the open
        /// transaction. Returns an error only if the transaction itself is lost (a savepoint could
        /// not be rolled back or released): then nothing of the batch so far will commit.
        let run: @Sendable () async -> (any Error)?
        /// Called once the fate of the job's batch is known: nil when it committed.
        let answer: @Sendable ((any Error)?) -> Void
    }

    /// The most bodies in one transaction: bounds how long the first of a batch waits for its COMMIT.
    let maxBatch: Int
    // Guarded by `lock`.
    private let lock = NSLock()
    private var jobs: [Job] = []
    private var draining = false
    private var closed = false
    private var idle: [CheckedContinuation<Void, Never>] = []

    init(maxBatch: Int = 256) {
        self.maxBatch = maxBatch
    }

    /// Queues `job`. Returns true when no drain is running and the caller must start one;
    /// false if it was queued behind a running drain. Throws once the queue is closed.
    func enqueue(_ job: Job) throws -> Bool {
        try lock.withLock {
            guard !closed else { throw SQLiteCallError(code: 21, message: "database closed") }  // SQLITE_MISUSE
            jobs.append(job)
            if draining { return false }
            draining = true
            return true
        }
    }

    /// The next batch for the drain, oldest first; empty when nothing is queued, which ends the
    /// drain (the next `enqueue` starts a new one).
    func nextBatch() -> [Job] {
        lock.withLock {
            guard !jobs.isEmpty else {
                draining = false
                let waiting = idle
                idle = []
                waiting.forEach { $0.resume() }
                return []
            }
            let count = min(maxBatch, jobs.count)
            let batch = Array(jobs.prefix(count))
            jobs.removeFirst(count)
            return batch
        }
    }

    /// Refuses new jobs and returns once every queued one has been answered.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = lock.withLock {
                closed = true
                if !draining { return true }
                idle.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
