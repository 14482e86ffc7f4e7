import Metrics

/// The server's metrics. Labels carry kinds and counts only: never ids, tokens or payloads.
struct ServerMetrics: Sendable {
    private let fanout = Counter(label: "cove_queue_entries_created_total")
    private let duplicates = Counter(label: "cove_submissions_duplicate_total")
    private let acks = Counter(label: "cove_queue_entries_acked_total")
    private let ackFrames = Counter(label: "cove_socket_ack_frames_total")
    private let registrations = Counter(label: "cove_accounts_registered_total")
    private let authFailures = Counter(label: "cove_auth_failures_total")
    private let limited = Counter(label: "cove_rate_limited_total")

    func accepted(kind: String, fanout n: Int) {
        Counter(label: "cove_messages_accepted_total", dimensions: [("kind", kind)]).increment()
        fanout.increment(by: n)
    }
    func duplicate() { duplicates.increment() }
    func acked(_ n: Int) { acks.increment(by: n) }
    /// One WebSocket ack frame (each is one store transaction).
    func socketAckFrame() { ackFrames.increment() }
    func registered() { registrations.increment() }
    func authFailed() { authFailures.increment() }
    func rateLimited() { limited.increment() }
    func blobsCollected(_ n: Int) {
        Counter(label: "cove_blob_gc_runs_total").increment()
        Counter(label: "cove_blobs_collected_total").increment(by: n)
    }

    static func request(status: Int) {
        Counter(label: "cove_http_responses_total", dimensions: [("status", String(status))]).increment()
    }
}
