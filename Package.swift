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
        .library(name: "CoveFileCrypto", targets: ["CoveFileCrypto"]),
        .executable(name: "cove-filecrypt", targets: ["cove-filecrypt"]),
        .library(name: "CoveTransparency", targets: ["CoveTransparency"]),
        .executable(name: "cove-log-bench", targets: ["cove-log-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
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
    ],
    swiftLanguageModes: [.v6]
)
