// swift-tools-version:6.1
import PackageDescription

// Cove MLS benchmarks (ordo-one/benchmark). Kept out of the root package so that the
// library and its CI do not depend on the benchmark harness.
//
// Run (release build, from this directory):
//   swift package --disable-sandbox benchmark
//   swift package --disable-sandbox benchmark --target Primitives
//   swift package --disable-sandbox benchmark --target GroupOperations
// See docs/PERFORMANCE.md for the figures and how they were produced.
let package = Package(
    name: "cove-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "cove", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Group states shared by the benchmarks and the profiling driver.
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "MLS", package: "cove")]
        ),
        // Runs one operation in a loop, for `perf record` / `valgrind --tool=callgrind`.
        .executableTarget(
            name: "profile-ops",
            dependencies: ["BenchSupport", .product(name: "MLS", package: "cove")]
        ),
        .executableTarget(
            name: "Primitives",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MLS", package: "cove"),
            ],
            path: "Benchmarks/Primitives",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "GroupOperations",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MLS", package: "cove"),
                "BenchSupport",
            ],
            path: "Benchmarks/GroupOperations",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
