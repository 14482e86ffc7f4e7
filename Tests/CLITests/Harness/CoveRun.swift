import CoveTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The outcome of one `cove` invocation.
struct CoveResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// The stdout lines parsed as JSON objects.
    func jsonLines() throws -> [[String: Any]] {
        try stdoutLines.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CoveRun.NotJSON(line: line)
            }
            return object
        }
    }

    var description: String { "status \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Runs the real `cove` binary. Stdin is never a terminal here (a pipe with the given input, then
/// closed), so the CLI must never prompt.
enum CoveRun {
    struct NotJSON: Error { var line: String }
    struct TimedOut: Error, CustomStringConvertible { var description: String }

    /// The environment for `cove`: the test's, without a passphrase unless one is given.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "COVE_PASSPHRASE")
        env.removeValue(forKey: "COVE_HOME")
        for (key, value) in extra { env[key] = value }
        return env
    }

    static func run(_ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
                    timeout: Double = 120) async throws -> CoveResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.cove)
        process.arguments = arguments
        process.environment = environment(extra)
        let input = Pipe(), out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        let stdoutBuffer = OutputBuffer(out), stderrBuffer = OutputBuffer(err)
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Not `waitUntilExit()`: it can miss a child's exit for good (see `ChildExit`).
        guard let exit = await process.waitForExit(timeout: timeout) else {
            kill(process.processIdentifier, SIGKILL)
            _ = await process.waitForExit(timeout: 10)
            throw TimedOut(description: "cove \(arguments.joined(separator: " ")) did not finish: \(stdoutBuffer.text) \(stderrBuffer.text)")
        }
        // The pipes close when the process (and any child holding them) is gone.
        _ = await eventually(timeout: 10) { stdoutBuffer.isClosed && stderrBuffer.isClosed }
        return CoveResult(status: exit.status, stdout: stdoutBuffer.text, stderr: stderrBuffer.text)
    }
}

/// A `cove` process that keeps running (receive --follow, daemon, devices link): the test reads its
/// output as it comes and stops it at the end.
final class CoveBackground: @unchecked Sendable {
    let process = Process()
    let stdout: OutputBuffer
    let stderr: OutputBuffer
    private let input = Pipe()

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: BuildProducts.cove)
        process.arguments = arguments
        process.environment = CoveRun.environment(extra)
        let out = Pipe(), err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        stdout = OutputBuffer(out)
        stderr = OutputBuffer(err)
        try process.run()
    }

    /// Waits until a stdout line satisfies `predicate` and returns it.
    func waitForLine(timeout: Double = 60, where predicate: (String) -> Bool) async throws -> String {
        var found: String?
        _ = await eventually(timeout: timeout) {
            found = stdout.lines.first(where: predicate)
            return found != nil || (process.childExit != nil && stdout.isClosed)
        }
        if found == nil { found = stdout.lines.first(where: predicate) }
        guard let found else {
            throw CoveRun.TimedOut(description: "no matching line; stdout: \(stdout.text) stderr: \(stderr.text)")
        }
        return found
    }

    /// Stdout lines that parse as JSON objects.
    var jsonLines: [[String: Any]] {
        stdout.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func waitForExit(timeout: Double = 120) async -> Int32? {
        await process.waitForExit(timeout: timeout)?.status
    }

    /// SIGINT (like Ctrl-C) and wait for exit; returns the status.
    @discardableResult
    func interrupt() async -> Int32? {
        if process.childExit == nil { kill(process.processIdentifier, SIGINT) }
        return await waitForExit(timeout: 30)
    }

    func kill9() {
        guard process.childExit == nil else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = process.waitForExitBlocking(timeout: 30)
    }

    deinit { kill9() }
}
