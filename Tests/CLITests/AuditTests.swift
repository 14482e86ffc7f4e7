import Foundation
import Testing

/// `cove audit`: an independent auditor of a live server's key-transparency log, its state file,
/// gossip with other auditors' state files, and the alerts (exit status 3) for a split view, a
/// rewritten or rolled-back log and a changed log key.
@Suite(.serialized) struct AuditTests {
    typealias T = TranscriptTests

    /// `cove audit ARGS...` (no home needed); `home` only keeps a stray default home out of ~.
    static func audit(_ homes: T.Homes, _ arguments: [String]) async throws -> CoveResult {
        try await CoveRun.run(["--home", homes.path("auditor-home"), "audit"] + arguments)
    }

    /// A clean `--json` audit's report.
    static func clean(_ homes: T.Homes, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await audit(homes, ["--json"] + arguments)
        #expect(result.status == 0, "cove audit \(arguments.joined(separator: " ")): \(result)")
        let report = try #require(try result.jsonLines().first)
        #expect(report["type"] as? String == "audit")
        return report
    }

    /// An audit that must end in an alert: exit 3, one JSON alert on stdout, `error:`/`hint:` on stderr.
    static func alert(_ homes: T.Homes, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await audit(homes, ["--json"] + arguments)
        #expect(result.status == 3, "cove audit \(arguments.joined(separator: " ")) should alert: \(result)")
        #expect(result.stderrLines.count == 2 && result.stderrLines.first?.hasPrefix("error: ") == true, "\(result)")
        #expect(result.stderrLines.last?.hasPrefix("hint: ") == true)
        let alert = try #require(try result.jsonLines().first)
        #expect(alert["type"] as? String == "alert")
        return alert
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func auditsInRangesResumesFromItsStateAndComparesWithAnother() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        // `cove init` prints the log key it pinned (human and JSON).
        let pinned = try await T.ok(homes.path("alice"), ["--json", "init", "--server", server.baseURL, "--user", "alice"])
        let pinnedFingerprint = try #require(try pinned.jsonLines().first?["log_fingerprint"] as? String)
        let human = try await T.ok(homes.path("bob"), ["init", "--server", server.baseURL, "--user", "bob"])
        #expect(human.stdoutLines.last == "Transparency log key pinned: \(pinnedFingerprint) (compare it with the one your server's "
                    + "operator publishes)", "\(human)")
        let first = homes.path("first.state"), second = homes.path("second.state")

        // First audit, one entry per request: the whole log, trusted on first use.
        let start = try await Self.clean(homes, ["--server", server.baseURL, "--state", first, "--page-size", "1"])
        #expect(start["old_size"] as? Int == 0 && start["new_size"] as? Int == 2 && start["entries_checked"] as? Int == 2)
        #expect(start["first_audit"] as? Bool == true)
        #expect(start["state"] as? String == first)
        let fingerprint = try #require(start["fingerprint"] as? String)
        #expect(fingerprint == pinnedFingerprint)

        // The next audit downloads only what was added, and checks it extends the saved tree.
        _ = try await T.initUser(homes, "carol", server: server)
        let next = try await Self.clean(homes, ["--server", server.baseURL, "--state", first, "--fingerprint", fingerprint])
        #expect(next["old_size"] as? Int == 2 && next["new_size"] as? Int == 3 && next["entries_checked"] as? Int == 1)
        #expect(next["first_audit"] as? Bool == false)
        #expect(try await Self.clean(homes, ["--server", server.baseURL, "--state", first])["entries_checked"] as? Int == 0)

        // A second auditor compares with the first one's state file (gossip): same history.
        let gossip = try await Self.clean(homes, ["--server", server.baseURL, "--state", second, "--compare", first])
        #expect((gossip["gossip_checked"] as? Int ?? 0) >= 2, "\(gossip)")
        #expect((gossip["histories_compared"] as? Int ?? 0) >= 1)
        // Human form: the sizes, the root, and a final OK line.
        let report = try await Self.audit(homes, ["--server", server.baseURL, "--state", second, "--compare", first])
        #expect(report.status == 0)
        #expect(report.stdoutLines.first == "Log key \(fingerprint)")
        #expect(report.stdoutLines.contains { $0.hasPrefix("Tree size 3 -> 3: 0 new entries") })
        #expect(report.stdoutLines.last == "OK: the log only grew and agrees with every checkpoint compared.")
        // Without --state nothing is saved, and the whole log is checked again.
        let stateless = try await Self.clean(homes, ["--server", server.baseURL, "--compare", first, second])
        #expect(stateless["entries_checked"] as? Int == 3)
        #expect(stateless["state"] is NSNull)

        // A fingerprint other than the log's is an alert, and the state file is not touched.
        let saved = Self.bytes(first)
        let wrongKey = try await Self.alert(homes, ["--server", server.baseURL, "--state", first,
                                                    "--fingerprint", String(repeating: "0", count: 32)])
        #expect(wrongKey["kind"] as? String == "key_changed")
        #expect(Self.bytes(first) == saved)

        // The state of a server that changed its log key (here: another server at that URL).
        let other = try await CLIServer()
        _ = try await T.initUser(homes, "dave", server: other)
        #expect(try await Self.alert(homes, ["--server", other.baseURL, "--state", first])["kind"] as? String == "key_changed")
        #expect(Self.bytes(first) == saved)
        // Another log's state file is no gossip: refused as an error, not an alert.
        let foreign = try await Self.audit(homes, ["--server", other.baseURL, "--compare", first])
        #expect(foreign.status == 1 && foreign.stderrLines.first?.contains("another log") == true, "\(foreign)")

        // Bad input: a damaged state file, a missing --compare file, bad options, a server that is down.
        let damaged = homes.path("damaged.state")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: damaged))
        let bad = try await Self.audit(homes, ["--server", server.baseURL, "--state", damaged])
        #expect(bad.status == 1 && bad.stderrLines.first?.hasPrefix("error: the state file \(damaged) is not a valid auditor state") == true, "\(bad)")
        #expect(bad.stdout.isEmpty)
        let missing = try await Self.audit(homes, ["--server", server.baseURL, "--compare", homes.path("nowhere")])
        #expect(missing.status == 1 && missing.stderrLines.first?.hasPrefix("error: cannot read the --compare file") == true)
        #expect(try await Self.audit(homes, ["--state", first]).status == 64)
        #expect(try await Self.audit(homes, ["--server", "not a url"]).status == 64)
        #expect(try await Self.audit(homes, ["--server", server.baseURL, "--page-size", "0"]).status == 64)
        #expect(try await Self.audit(homes, ["--server", server.baseURL, "--fingerprint", "xyz"]).status == 64)
        other.stop()
        let down = try await Self.audit(homes, ["--server", other.baseURL, "--state", first])
        #expect(down.status == 1 && !down.stdout.contains("ALERT"), "\(down)")
        #expect(Self.bytes(first) == saved)
    }

    /// Two servers that sign with the same log key but hold different logs: what an operator
    /// shows two groups of users (split view), or swaps in later (rewritten log).
    @Test func splitViewRewrittenAndRolledBackLogsAreAlerts() async throws {
        let homes = try T.Homes()
        let keyFile = homes.path("log.key")
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try Data(Data(seed).base64EncodedString().utf8).write(to: URL(fileURLWithPath: keyFile))
        let a = try await CLIServer(extraArguments: ["--log-key", keyFile])
        let b = try await CLIServer(extraArguments: ["--log-key", keyFile])
        _ = try await T.initUser(homes, "alice", server: a)
        _ = try await T.initUser(homes, "bob", server: b)
        let stateA = homes.path("a.state"), stateB = homes.path("b.state")

        // Each view alone audits clean, under the same key.
        let viewA = try await Self.clean(homes, ["--server", a.baseURL, "--state", stateA])
        let viewB = try await Self.clean(homes, ["--server", b.baseURL, "--state", stateB])
        #expect(viewA["fingerprint"] as? String == viewB["fingerprint"] as? String)
        #expect(viewA["new_size"] as? Int == 1 && viewB["new_size"] as? Int == 1)
        #expect(viewA["root"] as? String != viewB["root"] as? String)

        // Gossip between the two auditors: a split view, with both signed checkpoints as evidence.
        let savedA = Self.bytes(stateA)
        let split = try await Self.alert(homes, ["--server", a.baseURL, "--state", stateA, "--compare", stateB])
        #expect(split["kind"] as? String == "split_view" && split["code"] as? String == "kt.split_view")
        let evidence = try #require(split["evidence"] as? [[String: Any]])
        #expect(evidence.count == 2)
        #expect(Set(evidence.compactMap { $0["root"] as? String }) == Set([viewA["root"] as? String, viewB["root"] as? String].compactMap { $0 }))
        #expect(Self.bytes(stateA) == savedA)
        // A fresh auditor of B given A's state finds it while recomputing B's tree; human form.
        let fresh = try await Self.audit(homes, ["--server", b.baseURL, "--compare", stateA])
        #expect(fresh.status == 3)
        #expect(fresh.stdoutLines.first?.hasPrefix("ALERT (split_view): split view: ") == true, "\(fresh)")
        #expect(fresh.stdoutLines.filter { $0.hasPrefix("  evidence: size 1, root ") }.count == 2)
        #expect(fresh.stderrLines.first?.hasPrefix("error: split view: ") == true)

        // Gossip from a client: alice (on A) agrees with A's auditor and finds the split against B's.
        let alice = homes.path("alice")
        let agrees = try await T.ok(alice, ["--json", "verify", "--gossip", stateA])
        #expect(try agrees.jsonLines().first?["compared"] as? Int == 1)
        let splitForAlice = try await CoveRun.run(["--home", alice, "verify", "--gossip", stateB])
        #expect(splitForAlice.status == 1 && splitForAlice.stderrLines.first?.contains("kt.split_view") == true, "\(splitForAlice)")
        let raised = try await T.ok(alice, ["receive", "--json"]).jsonLines()
        #expect(raised.contains { $0["type"] as? String == "alert" && $0["kind"] as? String == "transparency" }, "\(raised)")
        #expect(try await CoveRun.run(["--home", alice, "verify", "--gossip", stateB, "bob"]).status == 64)

        // The operator swaps in the other, longer log behind the URL A's auditor watches: the
        // recomputed tree (A's history plus B's new entries) cannot match B's signed root.
        _ = try await T.initUser(homes, "carol", server: b)
        let rewritten = try await Self.alert(homes, ["--server", b.baseURL, "--state", stateA])
        #expect(rewritten["kind"] as? String == "rewritten_log", "\(rewritten)")
        #expect(Self.bytes(stateA) == savedA)

        // B's auditor moves on to size 2; served A's shorter log afterwards, it sees a rollback.
        #expect(try await Self.clean(homes, ["--server", b.baseURL, "--state", stateB])["new_size"] as? Int == 2)
        #expect(try await Self.alert(homes, ["--server", a.baseURL, "--state", stateB])["kind"] as? String == "rollback")
        a.stop()
        b.stop()
    }
}
