import Foundation
import MLSTestSupport
import Testing

/// Runs every official vector file in ../shared/vectors/mls (override with MLS_VECTORS_DIR).
@Suite struct VectorFileTests {
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["MLS_VECTORS_DIR"] {
            return URL(fileURLWithPath: dir)
        }
        // Tests/MLSVectorTests/VectorFileTests.swift -> package root -> ../shared/vectors/mls
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/vectors/mls")
    }()

    static let files = [
        "tree-math.json", "deserialization.json", "crypto-basics.json", "secret-tree.json",
        "message-protection.json", "key-schedule.json", "psk_secret.json", "transcript-hashes.json",
        "welcome.json", "tree-operations.json", "tree-validation.json", "treekem.json", "messages.json",
        "passive-client-welcome.json", "passive-client-handling-commit.json",
        "interop-passive/application.json", "interop-passive/branch.json", "interop-passive/commit.json",
        "interop-passive/external_join.json", "interop-passive/external_proposals.json",
        "interop-passive/reinit.json", "interop-passive/welcome_join.json",
    ]

    @Test("every file in the vector directory is covered")
    func coversDirectory() throws {
        let fm = FileManager.default
        var found: [String] = []
        for sub in ["", "interop-passive/"] {
            let names = try fm.contentsOfDirectory(atPath: Self.directory.appendingPathComponent(sub).path)
            found += names.filter { $0.hasSuffix(".json") }.map { sub + $0 }
        }
        #expect(Set(found) == Set(Self.files))
    }

    @Test("vector file passes", arguments: files)
    func vectorFile(_ name: String) throws {
        let report = try VectorRunner.run(file: Self.directory.appendingPathComponent(name))
        print("\(name): \(report.passed) passed, \(report.failed) failed, \(report.skipped) skipped [\(report.family)]")
        for failure in report.failures.prefix(5) { print("  \(failure)") }
        #expect(report.failed == 0, "\(report.failures.prefix(3))")
        #expect(report.passed > 0)
        // Suites 4 and 6 (X448/Ed448) are the only ones skipped.
        #expect(report.skipReasons.allSatisfy { $0.contains("X448") })
    }
}
