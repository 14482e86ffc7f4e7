import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real `cove-server` on SQLite in a fresh directory, on a free loopback port (`--port 0`; the
/// server prints the port it bound).
final class CLIServer: @unchecked Sendable {
    let process = Process()
    let baseURL: String
    let port: Int
    let dataDirectory: String
    private let output: OutputBuffer
    /// Whether this instance removes the data directory when it goes away (a restarted server
    /// hands it to its successor).
    private let ownership = Ownership()

    private final class Ownership: @unchecked Sendable {
        private let lock = NSLock()
        private var owns = true
        var ownsData: Bool {
            get { lock.withLock { owns } }
            set { lock.withLock { owns = newValue } }
        }
    }

    struct StartFailed: Error, CustomStringConvertible { var description: String }

    init(dataDirectory reuse: String? = nil, port requested: Int = 0, extraArguments: [String] = []) async throws {
        let dir = try reuse ?? BuildProducts.temporaryDirectory("cove-cli-srv")
        dataDirectory = dir
        process.executableURL = URL(fileURLWithPath: BuildProducts.coveServer)
        process.arguments = ["--host", "127.0.0.1", "--port", "\(requested)", "--log-level", "warning", "--data", dir] + extraArguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        output = OutputBuffer(pipe)
        try process.run()
        let output = self.output
        let process = self.process
        _ = await eventually { output.text.contains("\n") || !process.isRunning }
        guard let line = output.lines.first, let range = line.range(of: "listening on "),
              let url = URL(string: String(line[range.upperBound...])), let port = url.port else {
            if process.isRunning { process.terminate() }
            throw StartFailed(description: "cove-server did not start (\(BuildProducts.coveServer)): \(output.text)")
        }
        self.port = port
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    /// Stops this server, runs `whileDown`, and starts another on the same port and data (a server
    /// restart as clients see it). The new instance owns the data directory from then on.
    func restarted(whileDown: () async throws -> Void = {}) async throws -> CLIServer {
        stop()
        try await whileDown()
        ownership.ownsData = false
        return try await CLIServer(dataDirectory: dataDirectory, port: port)
    }

    /// SIGTERM and wait.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        if ownership.ownsData { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }
}
