import CoveServer
import Foundation

/// Settings resolved from (highest first) flags, environment variables, a JSON config file, and
/// defaults. Kept as plain values so they can be checked and logged (without secrets).
struct ServerOptions: Codable, Sendable {
    var host: String?
    var port: Int?
    var data: String?
    var database: String?
    /// "open" or "token".
    var registration: String?
    var registrationTokens: [String]?
    var tlsCert: String?
    var tlsKey: String?
    var queueRetentionDays: Int?
    var maxBodyBytes: Int?
    var logLevel: String?
    /// Sustained requests per second allowed per device and per remote address (bursts are 4x).
    var deviceRateLimit: Double?
    var addressRateLimit: Double?
    /// Requests a device or an address may make at once before its sustained rate applies
    /// (default: four seconds' worth of its rate).
    var deviceRateBurst: Double? = nil
    var addressRateBurst: Double? = nil
    var tokenLifetimeSeconds: Int?
    /// Key-transparency log origin (fixed at log creation) and a file holding the log's Ed25519
    /// seed (default: the key is generated once and kept in the database).
    var logOrigin: String? = nil
    var logKey: String? = nil
    /// Blobs: largest blob, per-account quota (bytes), and garbage collection (grace period and
    /// interval, seconds).
    var maxBlobBytes: Int64? = nil
    var blobQuotaBytes: Int64? = nil
    var blobGraceSeconds: Int? = nil
    var blobCollectionIntervalSeconds: Int? = nil

    /// Fills every nil of `self` from `other`.
    func merged(under other: ServerOptions) -> ServerOptions {
        ServerOptions(
            host: host ?? other.host, port: port ?? other.port, data: data ?? other.data, database: database ?? other.database,
            registration: registration ?? other.registration, registrationTokens: registrationTokens ?? other.registrationTokens,
            tlsCert: tlsCert ?? other.tlsCert, tlsKey: tlsKey ?? other.tlsKey,
            queueRetentionDays: queueRetentionDays ?? other.queueRetentionDays, maxBodyBytes: maxBodyBytes ?? other.maxBodyBytes,
            logLevel: logLevel ?? other.logLevel, deviceRateLimit: deviceRateLimit ?? other.deviceRateLimit,
            addressRateLimit: addressRateLimit ?? other.addressRateLimit,
            deviceRateBurst: deviceRateBurst ?? other.deviceRateBurst, addressRateBurst: addressRateBurst ?? other.addressRateBurst,
            tokenLifetimeSeconds: tokenLifetimeSeconds ?? other.tokenLifetimeSeconds,
            logOrigin: logOrigin ?? other.logOrigin, logKey: logKey ?? other.logKey,
            maxBlobBytes: maxBlobBytes ?? other.maxBlobBytes, blobQuotaBytes: blobQuotaBytes ?? other.blobQuotaBytes,
            blobGraceSeconds: blobGraceSeconds ?? other.blobGraceSeconds,
            blobCollectionIntervalSeconds: blobCollectionIntervalSeconds ?? other.blobCollectionIntervalSeconds)
    }

    static func fromEnvironment(_ env: [String: String]) -> ServerOptions {
        ServerOptions(
            host: env["COVE_HOST"], port: env["COVE_PORT"].flatMap(Int.init), data: env["COVE_DATA"],
            database: env["COVE_DATABASE_URL"], registration: env["COVE_REGISTRATION"],
            registrationTokens: env["COVE_REGISTRATION_TOKENS"].map { $0.split(separator: ",").map(String.init) },
            tlsCert: env["COVE_TLS_CERT"], tlsKey: env["COVE_TLS_KEY"],
            queueRetentionDays: env["COVE_QUEUE_RETENTION_DAYS"].flatMap(Int.init),
            maxBodyBytes: env["COVE_MAX_BODY_BYTES"].flatMap(Int.init), logLevel: env["COVE_LOG_LEVEL"],
            deviceRateLimit: env["COVE_DEVICE_RATE_LIMIT"].flatMap(Double.init),
            addressRateLimit: env["COVE_ADDRESS_RATE_LIMIT"].flatMap(Double.init),
            deviceRateBurst: env["COVE_DEVICE_RATE_BURST"].flatMap(Double.init),
            addressRateBurst: env["COVE_ADDRESS_RATE_BURST"].flatMap(Double.init),
            tokenLifetimeSeconds: env["COVE_TOKEN_LIFETIME_SECONDS"].flatMap(Int.init),
            logOrigin: env["COVE_LOG_ORIGIN"], logKey: env["COVE_LOG_KEY"],
            maxBlobBytes: env["COVE_MAX_BLOB_BYTES"].flatMap { Int64($0) }, blobQuotaBytes: env["COVE_BLOB_QUOTA_BYTES"].flatMap { Int64($0) },
            blobGraceSeconds: env["COVE_BLOB_GRACE_SECONDS"].flatMap(Int.init),
            blobCollectionIntervalSeconds: env["COVE_BLOB_COLLECTION_INTERVAL_SECONDS"].flatMap(Int.init))
    }

    static func fromFile(_ path: String) throws -> ServerOptions {
        try JSONDecoder().decode(ServerOptions.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static let defaults = ServerOptions(host: "127.0.0.1", port: 8080, data: "./cove-data", registration: nil)

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    struct Invalid: Error, CustomStringConvertible { var description: String }

    /// The server configuration these options describe.
    func serverConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        let host = self.host ?? "127.0.0.1"
        switch registration ?? (Self.isLoopback(host) ? "open" : "token") {
        case "open": c.registration = .open
        case "token": c.registration = .token(Set(registrationTokens ?? []))
        case let other: throw Invalid(description: "registration must be open or token, not \(other)")
        }
        if let days = queueRetentionDays {
            guard days > 0 else { throw Invalid(description: "queue retention must be at least one day") }
            c.queueRetention = .seconds(days * 24 * 3600)
        }
        if let max = maxBodyBytes {
            guard max >= 1024 else { throw Invalid(description: "max body size must be at least 1024 bytes") }
            c.maxBodySize = max
        }
        if let rate = deviceRateLimit {
            guard rate > 0 else { throw Invalid(description: "device rate limit must be positive") }
            (c.deviceRate, c.deviceBurst) = (rate, rate * 4)
        }
        if let rate = addressRateLimit {
            guard rate > 0 else { throw Invalid(description: "address rate limit must be positive") }
            (c.addressRate, c.addressBurst) = (rate, rate * 4)
        }
        if let burst = deviceRateBurst {
            guard burst >= 1 else { throw Invalid(description: "device rate burst must be at least one request") }
            c.deviceBurst = burst
        }
        if let burst = addressRateBurst {
            guard burst >= 1 else { throw Invalid(description: "address rate burst must be at least one request") }
            c.addressBurst = burst
        }
        if let seconds = tokenLifetimeSeconds {
            guard seconds >= 1 else { throw Invalid(description: "token lifetime must be at least one second") }
            c.tokenLifetime = .seconds(seconds)
        }
        if let bytes = maxBlobBytes {
            guard bytes >= 1 else { throw Invalid(description: "max blob size must be at least one byte") }
            c.maxBlobSize = bytes
        }
        if let bytes = blobQuotaBytes {
            guard bytes >= 0 else { throw Invalid(description: "blob quota must not be negative") }
            c.blobQuota = bytes
        }
        if let seconds = blobGraceSeconds {
            guard seconds >= 0 else { throw Invalid(description: "blob grace period must not be negative") }
            c.blobGracePeriod = .seconds(seconds)
        }
        if let seconds = blobCollectionIntervalSeconds {
            guard seconds >= 1 else { throw Invalid(description: "blob collection interval must be at least one second") }
            c.blobCollectionInterval = .seconds(seconds)
        }
        return c
    }
}
