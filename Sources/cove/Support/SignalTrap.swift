import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a long-lived body until it finishes or the process gets SIGINT/SIGTERM, then returns
/// normally, so the caller's cleanup (closing the store, restoring the terminal) runs before exit.
enum SignalTrap {
    static func untilInterrupted(_ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                await waitForSignal([SIGINT, SIGTERM, SIGHUP])
                return false
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Suspends until one of `signals` arrives (they no longer kill the process while waiting).
    static func waitForSignal(_ signals: [Int32]) async {
        let box = SignalSources()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                box.start(signals: signals) { continuation.resume() }
            }
        } onCancel: {
            box.cancel()
        }
    }
}

/// Dispatch signal sources that resume a continuation exactly once (on a signal or on cancellation).
private final class SignalSources: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var resume: (() -> Void)?
    private var cancelled = false

    func start(signals: [Int32], resume: @escaping () -> Void) {
        lock.lock()
        if cancelled {
            lock.unlock()
            resume()
            return
        }
        self.resume = resume
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            sources.append(source)
        }
        lock.unlock()
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        fire()
    }

    private func fire() {
        lock.lock()
        let resume = self.resume
        self.resume = nil
        let sources = self.sources
        self.sources = []
        lock.unlock()
        for source in sources { source.cancel() }
        resume?()
    }
}
