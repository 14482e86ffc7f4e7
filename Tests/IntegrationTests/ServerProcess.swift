#if canImport(Glibc)
import Glibc
#endif
import CoveTestSupport
import Foundation

/// A real `cove-server` process on a free loopback port (it is started with `--port 0` and
/// prints the port it bound).
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let baseURL: String
    let port: Int
    let dataDirectory: String?
    /// Whether deinit deletes `dataDirectory` (tests that restart on the same data hand it over).
    var removeDataOnDeinit = true
    private let output: Pipe

    struct StartFailed: Error, CustomStringConvertible { var description: String }

    /// The built executable: beside the test bundle in the build directory.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["COVE_SERVER_BINARY"] { return path }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") || dir.path.contains(".xctest/") {
            while dir.path.contains(".xctest") { dir.deleteLastPathComponent() }
        }
        let candidate = dir.appendingPathComponent("cove-server").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        // Fall back to the package's default build directory.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/cove-server").path
    }

    /// Starts a server on SQLite in a fresh directory, or on `database` (a postgres URL).
    init(database: String? = nil, dataDirectory reuse: String? = nil, extraArguments: [String] = [],
         environment: [String: String] = [:]) async throws {
        var arguments = ["--host", "127.0.0.1", "--port", "0", "--log-level", "warning"]
        if let database {
            arguments += ["--database", database]
            dataDirectory = nil
        } else {
            let dir = reuse ?? FileManager.default.temporaryDirectory.appendingPathComponent("cove-it-\(UUID().uuidString)").path
            arguments += ["--data", dir]
            dataDirectory = dir
        }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments + extraArguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        output = Pipe()
        process.standardOutput = output
        try process.run()
        // Wait for "cove-server listening on http://127.0.0.1:PORT".
        let handle = output.fileHandleForReading
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { continuation.resume(returning: nil); return }
                    buffer.append(chunk)
                    if let text = String(data: buffer, encoding: .utf8), let nl = text.firstIndex(of: "\n") {
                        continuation.resume(returning: String(text[..<nl]))
                        return
                    }
                }
            }
        }
        guard let line, let range = line.range(of: "listening on "), let url = URL(string: String(line[range.upperBound...])),
              let port = url.port else {
            process.terminate()
            throw StartFailed(description: "cove-server did not start (binary \(Self.binary)); first line: \(line ?? "<none>")")
        }
        self.baseURL = "http://127.0.0.1:\(port)"
        self.port = port
    }

    /// SIGTERM and wait (graceful stop); returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if let exit = process.childExit { return exit.status }
        process.terminate()
        // Not `waitUntilExit()`: it can miss a child's exit for good (see `ChildExit`). A server
        // that does not stop within a minute is killed, and the test sees SIGKILL's status.
        if let exit = process.waitForExitBlocking(timeout: 60) { return exit.status }
        Glibc.kill(process.processIdentifier, SIGKILL)
        return process.waitForExitBlocking(timeout: 30)?.status ?? SIGKILL
    }

    /// SIGKILL.
    func kill9() {
        guard process.childExit == nil else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        _ = process.waitForExitBlocking(timeout: 30)
    }

    deinit {
        if process.childExit == nil {
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = process.waitForExitBlocking(timeout: 30)
        }
        if removeDataOnDeinit, let dataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }
}
