import Logging
import ServiceLifecycle

/// Runs blob garbage collection at start and then every `blobCollectionInterval`. On PostgreSQL
/// every node runs it; the passes are idempotent and their deletes conditional, so overlapping
/// passes on two nodes delete each blob once.
struct BlobCollector: Service {
    let service: CoveService
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let report = try await service.collectBlobGarbage()
                if report.deleted > 0 { logger.info("collected blobs", metadata: ["count": "\(report.deleted)"]) }
            } catch {
                logger.error("blob collection failed", metadata: ["error": "\(type(of: error))"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: service.configuration.blobCollectionInterval) }
            } catch {
                return
            }
        }
    }
}
