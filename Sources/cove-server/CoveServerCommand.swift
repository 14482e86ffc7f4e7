import ArgumentParser
import CoveServer
import CoveServerPostgres
import CoveServerSQLite
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

@main
struct CoveServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cove-server",
        abstract: "The Cove server: stores and forwards end-to-end encrypted MLS messages.",
        discussion: """
            Settings come from flags, then COVE_* environment variables, then --config FILE (JSON with the
            same names: host, port, data, database, registration, registrationTokens, tlsCert, tlsKey,
            queueRetentionDays, maxBodyBytes, logLevel, deviceRateLimit, addressRateLimit, deviceRateBurst, addressRateBurst, maxBlobBytes, blobQuotaBytes,
            blobGraceSeconds, blobCollectionIntervalSeconds,
            tokenLifetimeSeconds, logOrigin, logKey), then defaults. Without --database the server keeps
            everything in an embedded SQLite database under --data.
            """,
        version: CoveServerInfo.version
    )

    @Option(help: "Address to listen on (env COVE_HOST).") var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (env COVE_PORT).") var port: Int?
    @Option(help: "Directory for the SQLite database (env COVE_DATA; default ./cove-data).") var data: String?
    @Option(help: "PostgreSQL URL, postgres://user:password@host:port/database (env COVE_DATABASE_URL).") var database: String?
    @Option(help: "open or token; default open on loopback, token elsewhere (env COVE_REGISTRATION).") var registration: String?
    @Option(name: .customLong("registration-token"), help: "A token that allows registration; repeatable (env COVE_REGISTRATION_TOKENS, comma-separated).")
    var registrationTokens: [String] = []
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain; enables TLS with --tls-key (env COVE_TLS_CERT).") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key (env COVE_TLS_KEY).") var tlsKey: String?
    @Option(name: .customLong("queue-retention-days"), help: "Drop undelivered messages after this many days (default 30).") var queueRetentionDays: Int?
    @Option(name: .customLong("max-body-bytes"), help: "Largest JSON request body (default 1 MiB).") var maxBodyBytes: Int?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error (env COVE_LOG_LEVEL).") var logLevel: String?
    @Option(name: .customLong("device-rate-limit"), help: "Requests per second per device, bursts 4x (default 50).") var deviceRateLimit: Double?
    @Option(name: .customLong("address-rate-limit"), help: "Requests per second per remote address, bursts 4x (default 100).") var addressRateLimit: Double?
    @Option(name: .customLong("device-rate-burst"), help: "Requests a device may make at once (default 4 seconds' worth of --device-rate-limit).") var deviceRateBurst: Double?
    @Option(name: .customLong("address-rate-burst"), help: "Requests an address may make at once (default 4 seconds' worth of --address-rate-limit).") var addressRateBurst: Double?
    @Option(name: .customLong("token-lifetime-seconds"), help: "Bearer token lifetime (default 3600).") var tokenLifetimeSeconds: Int?
    @Option(name: .customLong("log-origin"), help: "Key-transparency log origin, fixed when the log is created (env COVE_LOG_ORIGIN; default cove/kt/v1).")
    var logOrigin: String?
    @Option(name: .customLong("log-key"), help: "File with the transparency log's 32-byte Ed25519 seed, raw or base64 (env COVE_LOG_KEY); default: generated once and kept in the database.")
    var logKey: String?
    @Option(name: .customLong("max-blob-bytes"), help: "Largest blob (env COVE_MAX_BLOB_BYTES; default 100 MiB).") var maxBlobBytes: Int64?
    @Option(name: .customLong("blob-quota-bytes"), help: "Blob bytes per account (env COVE_BLOB_QUOTA_BYTES; default 1 GiB).") var blobQuotaBytes: Int64?
    @Option(name: .customLong("blob-grace-seconds"), help: "Unreferenced blobs and idle uploads are deleted after this (env COVE_BLOB_GRACE_SECONDS; default 86400).")
    var blobGraceSeconds: Int?
    @Option(name: .customLong("blob-collection-interval-seconds"), help: "How often blob garbage collection runs (default 3600).")
    var blobCollectionIntervalSeconds: Int?
    @Option(help: "JSON configuration file (env COVE_CONFIG).") var config: String?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let flags = ServerOptions(
            host: host, port: port, data: data, database: database, registration: registration,
            registrationTokens: registrationTokens.isEmpty ? nil : registrationTokens, tlsCert: tlsCert, tlsKey: tlsKey,
            queueRetentionDays: queueRetentionDays, maxBodyBytes: maxBodyBytes, logLevel: logLevel,
            deviceRateLimit: deviceRateLimit, addressRateLimit: addressRateLimit,
            deviceRateBurst: deviceRateBurst, addressRateBurst: addressRateBurst, tokenLifetimeSeconds: tokenLifetimeSeconds,
            logOrigin: logOrigin, logKey: logKey, maxBlobBytes: maxBlobBytes, blobQuotaBytes: blobQuotaBytes,
            blobGraceSeconds: blobGraceSeconds, blobCollectionIntervalSeconds: blobCollectionIntervalSeconds)
        var options = flags.merged(under: .fromEnvironment(env))
        if let file = config ?? env["COVE_CONFIG"] {
            do {
                options = options.merged(under: try .fromFile(file))
            } catch {
                throw ValidationError("cannot read config file \(file): \(error.localizedDescription)")
            }
        }
        options = options.merged(under: .defaults)
        let resolved = options
        let serverConfiguration: ServerConfiguration
        do {
            serverConfiguration = try options.serverConfiguration()
        } catch {
            throw ValidationError("\(error)")
        }
        if (options.tlsCert == nil) != (options.tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        let transparency = try TransparencyStartup.settings(origin: options.logOrigin, keyFile: options.logKey)

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: resolved.logLevel ?? "info") ?? .info
            return handler
        }
        let logger = Logger(label: "cove.server")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let host = options.host ?? "127.0.0.1"
        let scheme = options.tlsCert == nil ? "http" : "https"
        if case .token(let tokens) = serverConfiguration.registration, tokens.isEmpty {
            logger.warning("registration needs a token but none is configured: no new accounts can be created")
        }
        let tls = options.tlsCert.flatMap { cert in
            options.tlsKey.map { CoveServerApplication.TLSFiles(certificateChainPath: cert, privateKeyPath: $0) }
        }
        let metrics: @Sendable () -> String = {
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return String(decoding: buffer, as: UTF8.self)
        }
        let onRunning: @Sendable (Int) async -> Void = { port in
            // Scripts and tests wait for this line (with --port 0 it carries the chosen port).
            FileHandle.standardOutput.write(Data("cove-server listening on \(scheme)://\(host):\(port)\n".utf8))
        }

        if let url = options.database {
            let postgres = try CovePostgresDatabase(url: url, logger: Logger(label: "cove.postgres"))
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await postgres.run() }
                try await postgres.migrate()
                let store = try await TransparencyStartup.open(SQLCoveStore(database: postgres), transparency, logger: logger)
                let service = CoveService(store: store, configuration: serverConfiguration)
                let app = try CoveServerApplication.make(service: service, host: host, port: options.port ?? 8080, tls: tls,
                                                         metrics: metrics, logger: logger, onRunning: onRunning)
                let listener = ClosureService {
                    await postgres.listen { devices in service.hub.wake(devices: devices) }
                }
                logger.info("storage: PostgreSQL")
                try await Self.runServices([app, listener, ShutdownNotifier(service: service),
                                            CheckpointRefresher(service: service, logger: logger)], logger: logger)
                group.cancelAll()
            }
        } else {
            let directory = options.data ?? "./cove-data"
            let sqlite = try await CoveSQLiteDatabase.open(directory: directory, logger: Logger(label: "cove.sqlite"))
            var sqlStore = SQLCoveStore(database: sqlite)
            sqlStore.blobFiles = try BlobFileStore(directory: (directory as NSString).appendingPathComponent("blobs"))
            let store = try await TransparencyStartup.open(sqlStore, transparency, logger: logger)
            let service = CoveService(store: store, configuration: serverConfiguration)
            let app = try CoveServerApplication.make(service: service, host: host, port: options.port ?? 8080, tls: tls,
                                                     metrics: metrics, logger: logger, onRunning: onRunning)
            logger.info("storage: SQLite", metadata: ["directory": .string(directory)])
            try await Self.runServices([app, ShutdownNotifier(service: service),
                                        CheckpointRefresher(service: service, logger: logger)], logger: logger)
            try await sqlite.close()
        }
    }

    static func runServices(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// A service from a closure.
struct ClosureService: Service {
    let body: @Sendable () async throws -> Void
    func run() async throws { try await body() }
}

/// On graceful shutdown, ends the WebSocket sessions so the HTTP server can drain.
struct ShutdownNotifier: Service {
    let service: CoveService
    func run() async throws {
        try? await gracefulShutdown()
        service.hub.finishAll()
    }
}
