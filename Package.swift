// swift-tools-version:6.1
import PackageDescription

// Cove: end-to-end encrypted messaging on MLS (RFC 9420).
// Dependency rules (docs/architecture.md): MLSCodec depends on nothing; MLSCore never
// imports swift-crypto, NIO or logging; only MLSSwiftCrypto touches swift-crypto.
let package = Package(
    name: "cove",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "MLS", targets: ["MLS"]),
        .library(name: "MLSTestSupport", targets: ["MLSTestSupport"]),
        .executable(name: "mls-vectors", targets: ["mls-vectors"]),
        .library(name: "CoveProtocol", targets: ["CoveProtocol"]),
        .library(name: "CoveServer", targets: ["CoveServer"]),
        .executable(name: "cove-server", targets: ["cove-server"]),
        .library(name: "CoveFileCrypto", targets: ["CoveFileCrypto"]),
        .executable(name: "cove-filecrypt", targets: ["cove-filecrypt"]),
        .library(name: "CoveTransparency", targets: ["CoveTransparency"]),
        .executable(name: "cove-log-bench", targets: ["cove-log-bench"]),
        .executable(name: "cove-kt-server-bench", targets: ["cove-kt-server-bench"]),
        .library(name: "CoveClient", targets: ["CoveClient"]),
        .library(name: "CoveClientSQLite", targets: ["CoveClientSQLite"]),
        .executable(name: "cove", targets: ["cove"]),
        .executable(name: "cove-bench", targets: ["cove-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Server only (CoveServer*, cove-server); the MLS targets never see these.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "MLSCodec"),
        .target(name: "MLSCrypto", dependencies: ["MLSCodec"]),
        .target(
            name: "MLSSwiftCrypto",
            dependencies: [
                "MLSCodec", "MLSCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "MLSCore", dependencies: ["MLSCodec", "MLSCrypto"]),
        .target(name: "MLS", dependencies: ["MLSCodec", "MLSCrypto", "MLSSwiftCrypto", "MLSCore"]),
        .target(name: "MLSTestSupport", dependencies: ["MLS"]),
        .executableTarget(name: "mls-vectors", dependencies: ["MLSTestSupport"]),

        // Cove server. CoveProtocol is shared with the client and has no server dependencies.
        .target(name: "CoveProtocol"),
        .target(
            name: "CoveServer",
            dependencies: [
                // MLSSwiftCrypto: KeyPackage signature checks and ProposalRef hashes (commit validation).
                "CoveProtocol", "MLSCodec", "MLSCore", "MLSCrypto", "MLSSwiftCrypto", "CoveTransparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")]
        ),
        .target(
            name: "CoveServerSQLite",
            dependencies: ["CoveServer", "CCoveSQLite", .product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        // Non-variadic wrappers for sqlite3_db_config (Swift cannot call C variadics).
        .target(
            name: "CCoveSQLite",
            dependencies: [.product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        .target(
            name: "CoveServerPostgres",
            dependencies: [
                "CoveServer",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Test-only helpers for the server tests (a throwaway PostgreSQL cluster); Foundation only.
        .target(name: "CoveTestSupport"),
        .executableTarget(
            name: "cove-server",
            dependencies: [
                "CoveServer", "CoveServerSQLite", "CoveServerPostgres", "CoveTransparency", "MLSCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Encrypted-file format (docs/file-format.md): swift-crypto AEAD + MLSCrypto's SecretBytes.
        .target(
            name: "CoveFileCrypto",
            dependencies: ["MLSCrypto", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(name: "cove-filecrypt", dependencies: ["CoveFileCrypto", "MLSCrypto"]),
        .testTarget(
            name: "CoveFileCryptoTests",
            dependencies: ["CoveFileCrypto", "MLSCrypto", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // Key-transparency log (docs/transparency.md): RFC 9162 Merkle log, proofs, checkpoints.
        .target(
            name: "CoveTransparency",
            dependencies: ["MLSCodec", "MLSCrypto", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(name: "cove-log-bench", dependencies: ["CoveTransparency"]),
        // The log through the server's SQL store (SQLite, PostgreSQL): appends/s, proofs at 1M entries.
        .executableTarget(
            name: "cove-kt-server-bench",
            dependencies: [
                "CoveServer", "CoveServerSQLite", "CoveServerPostgres", "CoveTestSupport", "CoveTransparency", "CoveProtocol",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CoveTransparencyTests",
            dependencies: ["CoveTransparency", "MLSCodec", "MLSCrypto"],
            exclude: ["rfc9162_reference.py"]
        ),

        .testTarget(name: "MLSCodecTests", dependencies: ["MLSCodec"]),
        .testTarget(
            name: "MLSCryptoTests",
            dependencies: ["MLSCrypto", "MLSSwiftCrypto", "MLSTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "MLSCoreTests", dependencies: ["MLS", "MLSTestSupport"]),
        .testTarget(name: "MLSVectorTests", dependencies: ["MLS", "MLSTestSupport"]),
        .testTarget(name: "CoveProtocolTests", dependencies: ["CoveProtocol"]),
        .testTarget(
            name: "StorageConformanceTests",
            dependencies: ["CoveServer", "CoveServerSQLite", "CoveServerPostgres", "CoveProtocol", "CoveTestSupport", "CoveTransparency", "MLSCrypto"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "CoveProtocol", "CoveTestSupport", "MLS", "MLSTestSupport", "CoveClient", "CoveClientSQLite", "CoveFileCrypto", "CoveTransparency",
                // Transparency client tests: the operator's store access (ghost device) and a malicious proxy.
                "CoveServer", "CoveServerSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),

        // Client side (issue 4). The CLI never imports server targets (DESIGN.md section 3).
        .target(
            name: "CoveClient",
            dependencies: [
                "CoveProtocol", "MLS", "CoveTransparency", "CoveFileCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CoveClientSQLite",
            dependencies: ["CoveClient", .product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        .executableTarget(
            name: "cove",
            dependencies: [
                "CoveClient", "CoveClientSQLite", "CoveProtocol", "CoveTransparency", "CoveFileCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CoveClientTests",
            dependencies: ["CoveClient", "CoveClientSQLite", "CoveProtocol", "MLS", "MLSTestSupport"],
            // Safety-number and QR fixtures from independent Python implementations (keys helper).
            resources: [.copy("SecurityFixtures")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["CoveProtocol", "CoveTestSupport", "cove"]
        ),

        // Load generator for the delivery service (issue 3): real clients over WebSockets.
        .executableTarget(
            name: "cove-bench",
            dependencies: [
                "CoveProtocol", "MLS",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CoveBenchTests",
            dependencies: ["cove-bench"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
