import Foundation

/// Finds the built executables: beside the test bundle in the build directory, else in the
/// package's default build directory; `COVE_BINARY` / `COVE_SERVER_BINARY` override.
enum BuildProducts {
    static var cove: String { locate("cove", override: "COVE_BINARY") }
    static var coveServer: String { locate("cove-server", override: "COVE_SERVER_BINARY") }

    private static func locate(_ name: String, override: String) -> String {
        if let path = ProcessInfo.processInfo.environment[override] { return path }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.path.contains(".xctest") {
            while dir.path.contains(".xctest") { dir.deleteLastPathComponent() }
        }
        let candidate = dir.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)").path
    }

    /// A fresh directory under the temporary directory (short: Unix socket paths are limited to ~100 bytes).
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let path = "/tmp/\(prefix)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
