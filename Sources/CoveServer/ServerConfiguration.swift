/// How a Cove server behaves. The executable fills this from flags, environment and a file.
public struct ServerConfiguration: Sendable {
    public enum Registration: Sendable, Equatable {
        /// Anyone may create an account.
        case open
        /// Creating an account needs one of these tokens.
        case token(Set<String>)
    }

    public var registration: Registration = .open
    /// Bearer token lifetime.
    public var tokenLifetime: Duration = .seconds(3600)
    /// Challenge lifetime.
    public var challengeLifetime: Duration = .seconds(120)
    /// Queue entries older than this are dropped (default 30 days).
    public var queueRetention: Duration = .seconds(30 * 24 * 3600)
    /// Largest JSON request body.
    public var maxBodySize: Int = 1 << 20
    /// Largest blob chunk.
    public var maxChunkSize: Int = 1 << 20
    /// Largest blob and per-account blob quota.
    public var maxBlobSize: Int64 = 100 << 20
    public var blobQuota: Int64 = 1 << 30
    /// How long a complete blob stays after nothing references it any more, and how long an
    /// incomplete upload may stay idle, before garbage collection deletes it (default 24 h).
    public var blobGracePeriod: Duration = .seconds(24 * 3600)
    /// How often garbage collection runs (default hourly).
    public var blobCollectionInterval: Duration = .seconds(3600)
    /// One-time KeyPackages a device may hold at once.
    public var maxKeyPackages: Int = 200
    /// Sustained requests per second and burst, per device and per remote address.
    public var deviceRate: Double = 50
    public var deviceBurst: Double = 200
    public var addressRate: Double = 100
    public var addressBurst: Double = 400
    /// How long a device link stays usable (the contract says 10 minutes).
    public var deviceLinkLifetime: Duration = .seconds(600)
    /// Pending device links an account may have at once.
    public var maxPendingDeviceLinks: Int = 5
    /// Device-link creations per remote address: sustained per second and burst (unauthenticated).
    public var deviceLinkRate: Double = 0.1
    public var deviceLinkBurst: Double = 10

    public init() {}
}
