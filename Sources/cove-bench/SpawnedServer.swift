#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A `cove-server` started by the benchmark on a free loopback port (`--port 0`; it prints the
/// port it bound), with its SQLite data in a fresh temporary directory or on a PostgreSQL URL.
/// Rate limits are lifted, as for the peer (Synapse's are lifted by its bench config too).
final class SpawnedServer: @unchecked Sendable {
    let process = Process()
    let baseURL: String
    let dataDirectory: String?

    struct StartFailed: Error, CustomStringConvertible { var description: String }

    var pid: Int32 { process.processIdentifier }

    init(binary: String, database: String?, extraArguments: [String]) async throws {
        var arguments = ["--host", "127.0.0.1", "--port", "0", "--log-level", "warning",
                         "--device-rate-limit", "1000000000", "--address-rate-limit", "1000000000"]
        if let database {
            arguments += ["--database", database]
            dataDirectory = nil
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-bench-\(UUID().uuidString)").path
            arguments += ["--data", dir]
            dataDirectory = dir
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + extraArguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
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
            throw StartFailed(description: "cove-server (\(binary)) did not start; first line: \(line ?? "<none>")")
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// The executable beside this one (`swift build` puts both in the same directory).
    static func defaultBinary() -> String {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("cove-server").path
    }

    /// Peak resident set size so far (VmHWM), in KiB.
    var peakRSSKiB: Int? { ProcessStats.statusKiB(pid: pid, field: "VmHWM") }

    /// SIGTERM (graceful stop) and wait; removes the SQLite directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        if let dataDirectory { try? FileManager.default.removeItem(atPath: dataDirectory) }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
