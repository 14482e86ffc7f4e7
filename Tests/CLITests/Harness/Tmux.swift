import Foundation

/// Drives one private tmux server (`tmux -L NAME`, its own config file, never the user's sessions
/// or config). Every tmux command runs through ``Spawn`` (see there why not `Foundation.Process`):
/// the first `new-session` starts the server, which daemonizes. Call ``killServer()`` at the end.
struct Tmux: Sendable {
    let socketName: String
    /// The server's configuration: panes stay on screen after their program ends, so a test can
    /// read what a crashed program printed and the exit status tmux shows ("Pane is dead (status N").
    let configPath: String
    let environment: [String: String]
    /// Holds the config and the panes' exit-status files.
    let directory: String

    static let candidates = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux", "/opt/homebrew/bin/tmux"]

    static var isInstalled: Bool { candidates.contains { FileManager.default.isExecutableFile(atPath: $0) } }

    static var path: String { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux" }

    struct Failed: Error, CustomStringConvertible { var description: String }

    /// `directory` holds the config and the commands' output files (the test's temporary directory).
    init(directory: String, environment: [String: String]) throws {
        socketName = "cove-test-\(UUID().uuidString.prefix(8))"
        self.directory = directory
        configPath = directory + "/tmux.conf"
        try "set-option -g remain-on-exit on\nset-option -g history-limit 2000\n"
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        var environment = environment
        environment["TERM"] = "xterm-256color"
        self.environment = environment
    }

    /// Runs one tmux command; returns its output; throws if tmux fails.
    @discardableResult
    func run(_ arguments: [String]) async throws -> String {
        let outputPath = "/tmp/\(socketName)-\(UUID().uuidString.prefix(8)).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let status = try await Spawn.run(Self.path, ["-L", socketName, "-f", configPath] + arguments,
                                         environment: environment, outputPath: outputPath)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failed(description: "tmux \(arguments.joined(separator: " ")) exited with \(status): \(output)")
        }
        return output
    }

    /// A detached session running `command` in a wide window. A small `sh` wrapper runs the
    /// command (argv, passed as "$@": nothing is re-parsed) in the pane's terminal, waits for it,
    /// and writes its exit status for ``waitForExit(_:timeout:)`` (atomically, by rename).
    func newSession(_ name: String, command: [String]) async throws {
        let status = statusPath(name)
        let wrapper = "\"$@\"; echo $? > '\(status).tmp' && mv '\(status).tmp' '\(status)'"
        try await run(["new-session", "-d", "-s", name, "-x", "200", "-y", "50", "--", "/bin/sh", "-c", wrapper, "sh"] + command)
    }

    /// Types `text` literally, then Enter if asked.
    func type(_ session: String, _ text: String, enter: Bool = true) async throws {
        try await run(["send-keys", "-t", session, "-l", text])
        if enter { try await run(["send-keys", "-t", session, "Enter"]) }
    }

    /// The pane's screen and history, wrapped lines joined.
    func capture(_ session: String) async throws -> String {
        try await run(["capture-pane", "-p", "-J", "-t", session, "-S", "-2000"])
    }

    /// Polls the pane until `predicate` holds (a guard against hangs: the caller checks the result).
    func waitForScreen(_ session: String, timeout: Double = 90, _ predicate: (String) -> Bool) async -> String {
        var screen = ""
        _ = await eventually(timeout: timeout) {
            screen = (try? await capture(session)) ?? ""
            return predicate(screen)
        }
        return screen
    }

    /// Waits until the program in `session`'s pane has ended and returns its exit status (nil if
    /// it did not end in time).
    ///
    /// The status comes from the pane's shell wrapper (see ``newSession(_:command:)``), not from
    /// tmux: tmux 3.3 now and then never reaps a pane's program (the process stays a zombie and the
    /// pane never reports a status), while the shell's `wait` always sees it end.
    func waitForExit(_ session: String, timeout: Double = 60) async -> Int32? {
        var status: Int32?
        _ = await eventually(timeout: timeout) {
            let text = (try? String(contentsOfFile: statusPath(session), encoding: .utf8)) ?? ""
            status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            return status != nil
        }
        return status
    }

    private func statusPath(_ session: String) -> String { directory + "/\(session).status" }

    /// Stops the server and every program in its panes.
    func killServer() {
        _ = Spawn.runBlocking(Self.path, ["-L", socketName, "-f", configPath, "kill-server"], environment: environment)
    }
}
