import Foundation
import Testing

/// `cove chat` in real terminals: one private tmux server, a session per user, keys typed with
/// send-keys, screens read with capture-pane. Skipped only when tmux is missing outside CI (CI
/// installs it, see .ci/run, and there a missing tmux fails the test).
@Suite(.serialized) struct ChatTmuxTests {
    static var shouldRun: Bool { Tmux.isInstalled || ProcessInfo.processInfo.environment["CI"] != nil }

    @Test(.enabled(if: shouldRun, "tmux is not installed (apt-get install tmux); CI installs it and runs this test"))
    func twoUsersChatLiveAndSeeMembershipChanges() async throws {
        try #require(Tmux.isInstalled, "tmux must be installed where CI runs this test")
        let server = try await CLIServer()
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        let bob = try await TranscriptTests.initUser(homes, "bob", server: server)
        let dave = try await TranscriptTests.initUser(homes, "dave", server: server)
        let carol = try await TranscriptTests.initUser(homes, "carol", server: server)
        try await TranscriptTests.ok(alice, ["group", "create", "team", "--members", "bob,dave"])
        // Written before Bob opens the chat: it is the first thing his chat shows.
        try await TranscriptTests.ok(alice, ["send", "--group", "team", "before the chat"])

        let tmux = try Tmux(directory: homes.root, environment: CoveRun.environment([:]))
        defer { tmux.killServer() }
        // One server, two sessions: the first new-session starts it, the second joins it.
        try await tmux.newSession("alice", command: [BuildProducts.cove, "--home", alice, "chat", "team"])
        try await tmux.newSession("bob", command: [BuildProducts.cove, "--home", bob, "chat", "team"])
        let aliceReady = await tmux.waitForScreen("alice") { $0.contains("Enter sends") }
        let bobReady = await tmux.waitForScreen("bob") { $0.contains("Enter sends") }
        try #require(aliceReady.contains("Chatting in team as alice"), "\(aliceReady)")
        try #require(bobReady.contains("Chatting in team as bob"), "\(bobReady)")
        let bobEarlier = await tmux.waitForScreen("bob") { $0.contains("alice: before the chat") }
        #expect(bobEarlier.contains("alice: before the chat"), "\(bobEarlier)")

        // Alice types; the line appears in Bob's pane (and as sent in hers).
        try await tmux.type("alice", "hello from alice")
        let bobSees = await tmux.waitForScreen("bob") { $0.contains("alice: hello from alice") }
        #expect(bobSees.contains("alice: hello from alice"), "\(bobSees)")
        let aliceSent = await tmux.waitForScreen("alice") { $0.contains("alice: hello from alice") }
        #expect(aliceSent.contains("alice: hello from alice"), "\(aliceSent)")

        // Bob has half a line typed when Alice's next message arrives: the message is printed
        // above his prompt and what he typed stays on it; finishing the line sends all of it.
        try await tmux.type("bob", "hi al", enter: false)
        _ = await tmux.waitForScreen("bob") { $0.contains("> hi al") }
        try await tmux.type("alice", "are you there?")
        let typing = await tmux.waitForScreen("bob") { $0.contains("alice: are you there?") && Self.lastLine($0) == "> hi al" }
        #expect(typing.contains("alice: are you there?"), "\(typing)")
        #expect(Self.lastLine(typing) == "> hi al", "\(typing)")
        try await tmux.type("bob", "ice")
        let aliceSees = await tmux.waitForScreen("alice") { $0.contains("bob: hi alice") }
        #expect(aliceSees.contains("bob: hi alice"), "\(aliceSees)")

        // Meanwhile Dave, from his own home, adds Carol: both chats show it as it happens.
        try await TranscriptTests.ok(dave, ["group", "add", "team", "carol"])
        let added = "carol@"
        let addedSuffix = "was added to team by dave"
        let aliceMembership = await tmux.waitForScreen("alice") { Self.hasLine($0, added, addedSuffix) }
        #expect(Self.hasLine(aliceMembership, added, addedSuffix), "\(aliceMembership)")
        let bobMembership = await tmux.waitForScreen("bob") { Self.hasLine($0, added, addedSuffix) }
        #expect(Self.hasLine(bobMembership, added, addedSuffix), "\(bobMembership)")

        // Carol, the new member, writes with `cove send`: both chats show it.
        try await TranscriptTests.ok(carol, ["send", "--group", "team", "hi from carol"])
        let aliceCarol = await tmux.waitForScreen("alice") { $0.contains("carol: hi from carol") }
        #expect(aliceCarol.contains("carol: hi from carol"), "\(aliceCarol)")
        let bobCarol = await tmux.waitForScreen("bob") { $0.contains("carol: hi from carol") }
        #expect(bobCarol.contains("carol: hi from carol"), "\(bobCarol)")

        // Dave removes Carol again: both chats show that too.
        try await TranscriptTests.ok(dave, ["group", "remove", "team", "carol"])
        let removedSuffix = "was removed from team by dave"
        let aliceRemoval = await tmux.waitForScreen("alice") { Self.hasLine($0, added, removedSuffix) }
        #expect(Self.hasLine(aliceRemoval, added, removedSuffix), "\(aliceRemoval)")
        let bobRemoval = await tmux.waitForScreen("bob") { Self.hasLine($0, added, removedSuffix) }
        #expect(Self.hasLine(bobRemoval, added, removedSuffix), "\(bobRemoval)")

        // Every line arrived once: no message is shown twice in either pane.
        for screen in [try await tmux.capture("alice"), try await tmux.capture("bob")] {
            for text in ["hello from alice", "are you there?", "hi alice", "hi from carol"] {
                #expect(screen.components(separatedBy: ": \(text)").count == 2, "\(text) in \(screen)")
            }
        }

        // /quit leaves; the chat exits with status 0.
        try await tmux.type("alice", "/quit")
        try await tmux.type("bob", "/quit")
        for session in ["alice", "bob"] {
            let ended = await tmux.waitForExit(session)
            let screen = (try? await tmux.capture(session)) ?? ""
            #expect(ended == 0, "\(session): \(ended.map(String.init) ?? "still running")\n\(screen)")
        }
    }

    /// The last non-empty line of a captured screen (the prompt, while the chat runs).
    static func lastLine(_ screen: String) -> String? {
        screen.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
    }

    static func hasLine(_ screen: String, _ prefix: String, _ suffix: String) -> Bool {
        screen.split(separator: "\n").contains { $0.contains("* \(prefix)") && $0.hasSuffix(suffix) }
    }
}
