// swift-tools-version:6.1
import PackageDescription

// libFuzzer entry points, one executable per top-level decoder and one that feeds arbitrary
// messages to a live group. Kept out of the root package so the product graph stays clean.
// Build and run: see docs/fuzzing.md (`./run.sh TARGET SECONDS`).
let fuzzTargets = ["FuzzMLSMessage", "FuzzKeyPackage", "FuzzWelcome", "FuzzGroupInfo", "FuzzRatchetTree", "FuzzGroup"]

let package = Package(
    name: "CoveFuzzTesting",
    dependencies: [.package(name: "cove", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: "MLS", package: "cove")]
        )
    },
    swiftLanguageModes: [.v6]
)
