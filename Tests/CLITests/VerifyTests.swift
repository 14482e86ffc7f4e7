import Foundation
import Testing

/// `cove verify`: safety numbers, confirmation, and sending to a verified user whose devices changed.
@Suite(.serialized) struct VerifyTests {
    typealias T = TranscriptTests

    /// `cove --home HOME ARGS...`, expecting failure; returns the result.
    static func fails(_ home: String, _ arguments: [String]) async throws -> CoveResult {
        let result = try await CoveRun.run(["--home", home] + arguments)
        #expect(result.status != 0, "cove \(arguments.joined(separator: " ")) should fail: \(result)")
        return result
    }

    static func safetyNumber(_ home: String, _ user: String) async throws -> [String: Any] {
        try #require(try await T.ok(home, ["--json", "verify", user]).jsonLines().first)
    }

    /// Links a new device named `name` to `user` (its home `newHome`), approved from `home`.
    static func link(_ newHome: String, user: String, name: String, approvingFrom home: String, server: CLIServer) async throws {
        let link = try CoveBackground(["--home", newHome, "--json", "devices", "link", "--server", server.baseURL,
                                       "--user", user, "--device", name])
        let pending = try await link.waitForLine { $0.contains("\"pending\"") }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(pending.utf8)) as? [String: Any])
        try await T.ok(home, ["devices", "approve", try #require(object["code"] as? String)])
        #expect(await link.waitForExit() == 0, "\(link.stderr.text)")
    }

    @Test func bothSidesSeeTheSameNumberAndTheQRCode() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        let bob = try await T.initUser(homes, "bob", server: server)

        let fromAlice = try await Self.safetyNumber(alice, "bob")
        let fromBob = try await Self.safetyNumber(bob, "alice")
        let digits = try #require(fromAlice["digits"] as? String)
        #expect(digits.count == 60 && digits.allSatisfy(\.isNumber))
        #expect(fromBob["digits"] as? String == digits)
        #expect(fromAlice["status"] as? String == "unverified")
        #expect(fromAlice["policy"] as? String == "block")
        #expect(fromAlice["qr_payload"] as? String == "cove-sn-v0:" + digits)
        #expect((fromAlice["safety_number"] as? String)?.split(separator: " ").count == 12)

        // Human form: three lines of four groups, a QR code in half blocks, the next step.
        let human = try await T.ok(alice, ["verify", "bob", "--qr", "dark"])
        let groups = stride(from: 0, to: 60, by: 5).map { offset in
            String(digits.dropFirst(offset).prefix(5))
        }
        #expect(human.stdoutLines.contains("    " + groups[0..<4].joined(separator: " ")), "\(human)")
        #expect(human.stdoutLines.contains("    " + groups[8..<12].joined(separator: " ")))
        // Version 5 (37 modules) + 2 × 4 quiet modules = 45 columns, two rows per line (dark: the
        // quiet zone is drawn, so every line has blocks).
        let qrLines = human.stdoutLines.filter { $0.contains("█") || $0.contains("▀") || $0.contains("▄") }
        #expect(qrLines.count == 23)
        #expect(qrLines.allSatisfy { $0.count == 45 })
        #expect(human.stdout.contains("cove verify bob --confirm NUMBER"))
        // The default style colours it with ANSI escapes.
        #expect(try await T.ok(alice, ["verify", "bob"]).stdout.contains("\u{1B}["))
        #expect(!(try await T.ok(alice, ["verify", "bob", "--qr", "none"]).stdout.contains("▀")))

        // Usage errors.
        #expect(try await Self.fails(alice, ["verify"]).status == 64)
        #expect(try await Self.fails(alice, ["verify", "bob", "--accept", "--confirm", digits]).status == 64)
        #expect(try await Self.fails(alice, ["verify", "--policy", "sometimes"]).status == 64)
        #expect(try await Self.fails(alice, ["verify", "bob", "--qr", "sepia"]).status == 64)
        let yourself = try await Self.fails(alice, ["verify", "alice"])
        #expect(yourself.stderrLines.first?.hasPrefix("error: ") == true)
        let nobody = try await Self.fails(alice, ["verify", "nobody"])
        #expect(nobody.stderrLines.first?.hasPrefix("error: ") == true)
    }

    @Test func confirmedContactWhoseDevicesChangeBlocksSendingUntilAccepted() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        let bob = try await T.initUser(homes, "bob", server: server)
        let digits = try #require(try await Self.safetyNumber(alice, "bob")["digits"] as? String)

        // A wrong number is refused with error + hint, and nothing is marked verified.
        var wrong = Array(digits)
        wrong[7] = wrong[7] == "1" ? "2" : "1"
        let refused = try await Self.fails(alice, ["verify", "bob", "--confirm", String(wrong)])
        #expect(refused.stderrLines.first == "error: the number you entered is not your safety number with bob", "\(refused)")
        #expect(refused.stderrLines.dropFirst().first?.hasPrefix("hint: ") == true)
        #expect(try await Self.safetyNumber(alice, "bob")["status"] as? String == "unverified")
        // --accept needs an earlier verification.
        #expect(try await Self.fails(alice, ["verify", "bob", "--accept"]).stderr.contains("not verified bob"))

        // The number typed as groups (unquoted words after the user) confirms.
        let groups = stride(from: 0, to: 60, by: 5).map { String(digits.dropFirst($0).prefix(5)) }
        let confirmed = try await T.ok(alice, ["--json", "verify", "bob", "--confirm"] + groups)
        #expect(try confirmed.jsonLines().first?["status"] as? String == "verified")
        #expect(try await Self.safetyNumber(alice, "bob")["status"] as? String == "verified")
        try await T.ok(alice, ["send", "--to", "bob", "before"])

        // Bob links a second device: his device set (and the safety number) changes.
        try await Self.link(homes.path("bob2"), user: "bob", name: "tablet", approvingFrom: bob, server: server)
        let changed = try await Self.safetyNumber(alice, "bob")
        #expect(changed["status"] as? String == "changed")
        #expect((changed["added"] as? [String])?.count == 1)
        #expect(changed["digits"] as? String != digits)
        let human = try await T.ok(alice, ["verify", "bob", "--qr", "none"])
        #expect(human.stdoutLines.last?.hasPrefix("CHANGED: bob's devices changed") == true, "\(human)")

        // Policy block (default): sending stops with error + hint, nothing reaches bob.
        let blocked = try await Self.fails(alice, ["send", "--to", "bob", "after"])
        #expect(blocked.stderrLines.first?.hasPrefix("error: bob's devices changed since you verified them (added: ") == true, "\(blocked)")
        #expect(blocked.stderrLines.dropFirst().first?.contains("cove verify bob --accept") == true)
        #expect(try await T.receiveMessages(bob).map { $0["text"] as? String } == ["before"])

        // Policy warn: it is sent, with one alert per change.
        #expect(try await T.ok(alice, ["--json", "verify", "--policy", "warn"]).jsonLines().first?["policy"] as? String == "warn")
        try await T.ok(alice, ["send", "--to", "bob", "warned"])
        try await T.ok(alice, ["send", "--to", "bob", "warned again"])
        let events = try await T.ok(alice, ["receive", "--json"]).jsonLines()
        let alerts = events.filter { $0["type"] as? String == "alert" && $0["kind"] as? String == "verification" }
        #expect(alerts.count == 1, "\(events)")
        #expect(try await T.receiveMessages(bob).map { $0["text"] as? String } == ["warned", "warned again"])

        // Back to block, then accept: sending works again; the contact is accepted, not verified.
        try await T.ok(alice, ["verify", "--policy", "block"])
        _ = try await Self.fails(alice, ["send", "--to", "bob", "still blocked"])
        let accepted = try await T.ok(alice, ["--json", "verify", "bob", "--accept"])
        #expect(try accepted.jsonLines().first?["status"] as? String == "accepted")
        try await T.ok(alice, ["send", "--to", "bob", "accepted"])
        #expect(try await Self.safetyNumber(alice, "bob")["status"] as? String == "accepted")

        // Re-verifying with the new number makes bob verified again.
        let newDigits = try #require(try await Self.safetyNumber(bob, "alice")["digits"] as? String)
        try await T.ok(alice, ["verify", "bob", "--confirm", newDigits])
        #expect(try await Self.safetyNumber(alice, "bob")["status"] as? String == "verified")
    }
}
