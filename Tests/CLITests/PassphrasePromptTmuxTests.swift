import Foundation
import Testing

/// The passphrase prompt on a real terminal (tmux): `init` asks twice with echo off, later commands
/// ask once, a wrong answer is an error with a hint, and `chat` works after its prompt (the prompt
/// restores the terminal before the chat takes it over).
@Suite(.serialized) struct PassphrasePromptTmuxTests {
    static let passphrase = "tidal moss lantern"

    @Test(.enabled(if: ChatTmuxTests.shouldRun, "tmux is not installed (apt-get install tmux); CI installs it and runs this test"))
    func terminalPromptsForThePassphraseWithEchoOff() async throws {
        try #require(Tmux.isInstalled, "tmux must be installed where CI runs this test")
        let server = try await CLIServer()
        let homes = try TranscriptTests.Homes()
        let alice = homes.path("alice")
        let tmux = try Tmux(directory: homes.root, environment: CoveRun.environment([:]))
        defer { tmux.killServer() }

        try await tmux.newSession("init", command: [BuildProducts.cove, "--home", alice, "init", "--server", server.baseURL,
                                                    "--user", "alice"])
        _ = await tmux.waitForScreen("init") { $0.contains("Passphrase: ") }
        try await tmux.type("init", Self.passphrase)
        _ = await tmux.waitForScreen("init") { $0.contains("Passphrase again: ") }
        try await tmux.type("init", Self.passphrase)
        let initEnded = await tmux.waitForExit("init")
        let initScreen = try await tmux.capture("init")
        #expect(initEnded == 0, "\(initScreen)")
        #expect(initScreen.contains("Registered alice"), "\(initScreen)")
        #expect(initScreen.contains("store key protected by a passphrase"), "\(initScreen)")
        #expect(!initScreen.contains(Self.passphrase), "the passphrase was echoed: \(initScreen)")
        #expect(FileManager.default.fileExists(atPath: alice + "/store.key.scrypt"))

        // Without a terminal the store stays shut unless the passphrase is given.
        let piped = try await CoveRun.run(["--home", alice, "group", "list"])
        #expect(piped.status == 1)
        #expect(piped.stderrLines.first == "error: this home's store is protected by a passphrase", "\(piped)")
        try await TranscriptTests.ok(alice, ["group", "list"], environment: ["COVE_PASSPHRASE": Self.passphrase])

        // A later command on a terminal asks once.
        _ = try await TranscriptTests.initUser(homes, "bob", server: server)
        try await tmux.newSession("send", command: [BuildProducts.cove, "--home", alice, "send", "--to", "bob", "typed", "unlock"])
        _ = await tmux.waitForScreen("send") { $0.contains("Passphrase: ") }
        try await tmux.type("send", Self.passphrase)
        let sendEnded = await tmux.waitForExit("send")
        let sendScreen = try await tmux.capture("send")
        #expect(sendEnded == 0, "\(sendScreen)")
        #expect(sendScreen.contains("Sent to bob"), "\(sendScreen)")
        #expect(!sendScreen.contains(Self.passphrase), "\(sendScreen)")
        #expect(try await TranscriptTests.receiveMessages(homes.path("bob")).map { $0["text"] as? String } == ["typed unlock"])

        // A wrong answer: the two lines, status 1, and the typed text is not shown.
        try await tmux.newSession("wrong", command: [BuildProducts.cove, "--home", alice, "group", "list"])
        _ = await tmux.waitForScreen("wrong") { $0.contains("Passphrase: ") }
        try await tmux.type("wrong", "not it at all")
        let wrongEnded = await tmux.waitForExit("wrong")
        let wrongScreen = try await tmux.capture("wrong")
        #expect(wrongEnded == 1, "\(wrongScreen)")
        let lines = wrongScreen.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("error: ") } && lines.contains { $0.hasPrefix("hint: ") }, "\(wrongScreen)")
        #expect(!wrongScreen.contains("not it at all"), "\(wrongScreen)")

        // `chat` after its prompt: Bob's reply shows live, and /quit leaves cleanly.
        try await tmux.newSession("chat", command: [BuildProducts.cove, "--home", alice, "chat", "bob"])
        _ = await tmux.waitForScreen("chat") { $0.contains("Passphrase: ") }
        try await tmux.type("chat", Self.passphrase)
        let ready = await tmux.waitForScreen("chat") { $0.contains("Enter sends") }
        #expect(ready.contains("Chatting with bob as alice"), "\(ready)")
        try await TranscriptTests.ok(homes.path("bob"), ["send", "--to", "alice", "seen", "after", "the", "prompt"])
        let live = await tmux.waitForScreen("chat") { $0.contains("bob: seen after the prompt") }
        #expect(live.contains("bob: seen after the prompt"), "\(live)")
        try await tmux.type("chat", "/quit")
        let chatEnded = await tmux.waitForExit("chat")
        let chatScreen = try await tmux.capture("chat")
        #expect(chatEnded == 0, "\(chatScreen)")
        #expect(!chatScreen.contains(Self.passphrase), "\(chatScreen)")
    }
}
