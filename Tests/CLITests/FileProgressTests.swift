import Foundation
import Testing

/// The transfer progress bar: drawn on stderr when stderr is a terminal (a tmux pane here), with
/// bytes, rate and time left; never on a pipe (the other File* tests check stderr stays empty).
@Suite(.serialized) struct FileProgressTests {
    static var shouldRun: Bool { Tmux.isInstalled || ProcessInfo.processInfo.environment["CI"] != nil }

    /// A bar line mid-transfer: `NAME [===   ] P% DONE/TOTAL  RATE/s  M:SS`.
    static func hasRunningBar(_ screen: String, name: String) -> Bool {
        screen.split(separator: "\n").contains { line in
            line.hasPrefix(name + " [") && line.contains("/4.0 MiB") && line.contains("/s  ")
                && line.range(of: #"\] \d{1,2}% .*/s  \d+:\d\d\s*$"#, options: .regularExpression) != nil
        }
    }

    @Test(.enabled(if: shouldRun, "tmux is not installed (apt-get install tmux); CI installs it and runs this test"))
    func sendAndGetDrawABarOnATerminal() async throws {
        try #require(Tmux.isInstalled, "tmux must be installed where CI runs this test")
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        let bob = try await TranscriptTests.initUser(homes, "bob", server: server)
        let name = "scan.bin"
        let source = homes.path(name)
        var rng = SystemRandomNumberGenerator()
        try Data((0..<(4 << 20)).map { _ in UInt8.random(in: 0...255, using: &rng) }).write(to: URL(fileURLWithPath: source))

        let tmux = try Tmux(directory: homes.root, environment: CoveRun.environment([:]))
        defer { tmux.killServer() }
        // Paced to 1 MiB/s, so the transfer lasts about four seconds whatever the machine: the bar
        // is on screen long enough to be read while it runs.
        try await tmux.newSession("send", command: [BuildProducts.cove, "--home", alice, "file", "send", "--to", "bob", source,
                                                    "--limit-rate", "1m"])
        let running = await tmux.waitForScreen("send") { Self.hasRunningBar($0, name: name) }
        #expect(Self.hasRunningBar(running, name: name), "\(running)")
        let sent = await tmux.waitForScreen("send") { $0.contains("Sent \(name)") }
        #expect(sent.contains("] 100% 4.0 MiB/4.0 MiB"), "\(sent)")
        #expect(sent.contains("Pane is dead (status 0"), "\(sent)")
        let line = try #require(sent.split(separator: "\n").first { $0.hasPrefix("Sent \(name)") })
        let id = try #require(line.range(of: "(id ").map { String(line[$0.upperBound...].dropLast()) })

        let out = homes.path("copy.bin")
        try await tmux.newSession("get", command: [BuildProducts.cove, "--home", bob, "file", "get", id, "--out", out,
                                                   "--limit-rate", "1m"])
        let fetching = await tmux.waitForScreen("get") { Self.hasRunningBar($0, name: name) }
        #expect(Self.hasRunningBar(fetching, name: name), "\(fetching)")
        let saved = await tmux.waitForScreen("get") { $0.contains("Saved \(name)") }
        #expect(saved.contains("] 100% 4.0 MiB/4.0 MiB"), "\(saved)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)))
    }
}
