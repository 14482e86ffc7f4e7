import Logging
import ServiceLifecycle

/// Re-signs the log's checkpoint when it is older than `maxAge`, so a client can tell a fresh
/// checkpoint from a frozen view even while no device changes. Every node runs it; the store
/// re-signs under the head's row lock, so at most one node signs per period.
public struct CheckpointRefresher: Service {
    let service: CoveService
    let logger: Logger
    let maxAge: Duration
    let interval: Duration

    public init(service: CoveService, logger: Logger, maxAge: Duration = .seconds(3600), interval: Duration = .seconds(300)) {
        self.service = service
        self.logger = logger
        self.maxAge = maxAge
        self.interval = interval
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await service.store.refreshCheckpoint(now: service.clock.nowMillis(), maxAge: maxAge.milliseconds)
            } catch {
                logger.error("checkpoint refresh failed", metadata: ["error": "\(type(of: error))"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
