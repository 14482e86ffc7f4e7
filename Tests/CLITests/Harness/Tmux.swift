import Foundation

/// Drives tmux on a private server socket (`tmux -L NAME`), so tests never touch the user's sessions.
struct Tmux: Sendable {
    let socketName: String

    static var isInstalled: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var path: String {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux"
    }

    init() {
        socketName = "cove-test-\(UUID().uuidString.prefix(8))"
    }

    /// Runs tmux and returns its output. The output goes through a file, not a pipe: `new-session`
    /// starts the tmux server, which would keep a pipe open forever.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let outputPath = "/tmp/\(socketName)-\(UUID().uuidString.prefix(8)).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = ["-L", socketName, "-f", "/dev/null"] + arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try output.close()
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// A detached session running `command` (a shell command line) in a wide window.
    func newSession(_ name: String, command: String) throws {
        try run(["new-session", "-d", "-s", name, "-x", "200", "-y", "50", command])
    }

    /// Types `text` literally, then Enter if asked.
    func type(_ session: String, _ text: String, enter: Bool = true) throws {
        try run(["send-keys", "-t", session, "-l", text])
        if enter { try run(["send-keys", "-t", session, "Enter"]) }
    }

    func capture(_ session: String) throws -> String {
        try run(["capture-pane", "-p", "-t", session, "-S", "-200"])
    }

    func waitForScreen(_ session: String, timeout: Double = 60, _ predicate: (String) -> Bool) async throws -> String {
        var screen = ""
        _ = await eventually(timeout: timeout) {
            screen = (try? capture(session)) ?? ""
            return predicate(screen)
        }
        return screen
    }

    func killServer() {
        _ = try? run(["kill-server"])
    }
}
