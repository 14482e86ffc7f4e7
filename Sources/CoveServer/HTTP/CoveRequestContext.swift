import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus the remote address (for rate limits).
public struct CoveRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies are collected explicitly with per-route limits; this is the outer bound.
    public var maxUploadSize: Int { 2 << 20 }
}
