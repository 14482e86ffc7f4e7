import Foundation
import Testing

/// Transcripts of the real `cove` binary against a live `cove-server`: each test starts its own
/// server on SQLite and its own homes, so the tests are independent.
@Suite(.serialized) struct TranscriptTests {
    /// Homes of one test, removed at the end.
    final class Homes: @unchecked Sendable {
        let root: String
        init() throws { root = try BuildProducts.temporaryDirectory("cove-cli") }
        func path(_ name: String) -> String { root + "/" + name }
        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    /// `cove --home HOME ARGS...`, expecting success.
    @discardableResult
    static func ok(_ home: String, _ arguments: [String], stdin: String = "", environment: [String: String] = [:]) async throws -> CoveResult {
        let result = try await CoveRun.run(["--home", home] + arguments, stdin: stdin, environment: environment)
        #expect(result.status == 0, "cove \(arguments.joined(separator: " ")): \(result)")
        return result
    }

    static func initUser(_ homes: Homes, _ user: String, server: CLIServer, extra: [String] = []) async throws -> String {
        let home = homes.path(user)
        let result = try await ok(home, ["--json", "init", "--server", server.baseURL, "--user", user, "--device", "\(user)-dev"] + extra)
        let line = try #require(try result.jsonLines().first)
        #expect(line["type"] as? String == "init")
        #expect(line["user"] as? String == user)
        return home
    }

    /// Every `message` event `receive --json` prints for `home`.
    static func receiveMessages(_ home: String) async throws -> [[String: Any]] {
        try await ok(home, ["receive", "--json"]).jsonLines().filter { $0["type"] as? String == "message" }
    }

    @Test func directMessagesAreReceivedOnceAsJSONLines() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)

        let sent = try await Self.ok(alice, ["--json", "send", "--to", "bob", "hello", "bob"])
        let sentLine = try #require(try sent.jsonLines().first)
        #expect(sentLine["type"] as? String == "sent")
        let id = try #require(sentLine["id"] as? String)

        // Commands that only need fresh state (they fetch the queue too) leave the message for `receive`.
        try await Self.ok(bob, ["group", "list"])
        try await Self.ok(bob, ["group", "members", "alice"])
        let messages = try await Self.receiveMessages(bob)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message["id"] as? String == id)
        #expect(message["sender"] as? String == "alice")
        #expect(message["text"] as? String == "hello bob")
        #expect(message["conversation"] as? String == "alice")
        #expect(message["device"] is String)
        #expect(message["sent_at"] is Int)
        // Exactly once: a second receive has nothing new.
        #expect(try await Self.receiveMessages(bob).isEmpty)

        // Human output on the reply path.
        try await Self.ok(bob, ["send", "--to", "alice", "hi", "alice"])
        let human = try await Self.ok(alice, ["receive"])
        #expect(human.stdoutLines.contains { $0.contains("bob@") && $0.hasSuffix("in bob: hi alice") }, "\(human)")
    }

    @Test func groupCreateAddRemoveListMembers() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)
        let carol = try await Self.initUser(homes, "carol", server: server)

        let created = try await Self.ok(alice, ["--json", "group", "create", "team", "--members", "bob"])
        let group = try #require(try created.jsonLines().first)
        #expect(group["name"] as? String == "team")
        #expect(group["members"] as? [String] == ["alice", "bob"])

        try await Self.ok(alice, ["send", "--group", "team", "before", "carol"])
        let bobFirst = try await Self.receiveMessages(bob)
        #expect(bobFirst.map { $0["text"] as? String } == ["before carol"])
        #expect(bobFirst.first?["conversation"] as? String == "team")

        let add = try await Self.ok(alice, ["group", "add", "team", "carol"])
        #expect(add.stdout == "Added carol to team\n")
        try await Self.ok(alice, ["send", "--group", "team", "with", "carol"])
        let carolEvents = try await Self.ok(carol, ["receive", "--json"]).jsonLines()
        // Carol joined after the first message: she reads only the later one.
        #expect(carolEvents.filter { $0["type"] as? String == "message" }.map { $0["text"] as? String } == ["with carol"])
        #expect(carolEvents.contains { $0["type"] as? String == "conversation" && $0["conversation"] as? String == "team" })

        let bobEvents = try await Self.ok(bob, ["receive", "--json"]).jsonLines()
        #expect(bobEvents.contains {
            $0["type"] as? String == "membership" && $0["action"] as? String == "added" && $0["user"] as? String == "carol"
                && $0["by"] as? String == "alice"
        }, "\(bobEvents)")

        let list = try await Self.ok(carol, ["group", "list"])
        #expect(list.stdoutLines.contains { $0.hasPrefix("team\tgroup\t") && $0.contains("carol") }, "\(list)")
        let members = try await Self.ok(alice, ["--json", "group", "members", "team"]).jsonLines()
        #expect(Set(members.compactMap { $0["user"] as? String }) == ["alice", "bob", "carol"])

        try await Self.ok(alice, ["group", "remove", "team", "bob"])
        try await Self.ok(alice, ["send", "--group", "team", "after", "bob"])
        let bobAfter = try await Self.ok(bob, ["receive", "--json"]).jsonLines()
        #expect(!bobAfter.contains { $0["text"] as? String == "after bob" })
        // Bob learns that he was removed; Carol sees it in human output.
        #expect(bobAfter.contains {
            $0["type"] as? String == "membership" && $0["action"] as? String == "removed" && $0["user"] as? String == "bob"
                && $0["by"] as? String == "alice" && $0["conversation"] as? String == "team"
        }, "\(bobAfter)")
        let carolHuman = try await Self.ok(carol, ["receive"])
        #expect(carolHuman.stdoutLines.contains { $0.hasPrefix("* bob@") && $0.hasSuffix(" was removed from team by alice") }, "\(carolHuman)")
        #expect(carolHuman.stdoutLines.contains { $0.contains("alice@") && $0.hasSuffix("in team: after bob") }, "\(carolHuman)")
        let membersAfter = try await Self.ok(alice, ["--json", "group", "members", "team"]).jsonLines()
        #expect(Set(membersAfter.compactMap { $0["user"] as? String }) == ["alice", "carol"])
    }

    @Test func linkApproveAndRevokeADevice() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)
        try await Self.ok(alice, ["group", "create", "team", "--members", "bob"])

        let alice2 = homes.path("alice2")
        let link = try CoveBackground(["--home", alice2, "--json", "devices", "link", "--server", server.baseURL,
                                       "--user", "alice", "--device", "tablet"])
        let pending = try await link.waitForLine { $0.contains("\"pending\"") }
        let pendingObject = try #require(try JSONSerialization.jsonObject(with: Data(pending.utf8)) as? [String: Any])
        let code = try #require(pendingObject["code"] as? String)
        #expect(code.count == 15)

        let approved = try await Self.ok(alice, ["--json", "devices", "approve", code])
        #expect(try approved.jsonLines().first?["name"] as? String == "tablet")
        #expect(await link.waitForExit() == 0, "\(link.stderr.text)")
        #expect(link.jsonLines.contains { $0["status"] as? String == "approved" })

        let devices = try await Self.ok(alice, ["--json", "devices", "list"]).jsonLines()
        #expect(Set(devices.compactMap { $0["name"] as? String }) == ["alice-dev", "tablet"])
        let tabletId = try #require(devices.first { $0["name"] as? String == "tablet" }?["id"] as? String)

        // The new device reads messages sent after it was linked, and its first receive says
        // which conversations it was added to.
        try await Self.ok(bob, ["send", "--group", "team", "hello", "tablet"])
        let tabletEvents = try await Self.ok(alice2, ["receive", "--json"]).jsonLines()
        #expect(tabletEvents.filter { $0["type"] as? String == "message" }.map { $0["text"] as? String } == ["hello tablet"])
        #expect(tabletEvents.contains { $0["type"] as? String == "conversation" && $0["conversation"] as? String == "team" },
                "\(tabletEvents)")

        let revoked = try await Self.ok(alice, ["devices", "revoke", tabletId])
        #expect(revoked.stdout.contains("Revoked device tablet"))
        let after = try await Self.ok(alice, ["--json", "devices", "list"]).jsonLines()
        #expect(after.compactMap { $0["name"] as? String } == ["alice-dev"])
        try await Self.ok(bob, ["send", "--group", "team", "not", "for", "tablet"])
        let revokedReceive = try await CoveRun.run(["--home", alice2, "receive", "--json"])
        #expect(revokedReceive.status != 0)
        #expect(revokedReceive.stderrLines.count == 2, "\(revokedReceive)")
        #expect(!revokedReceive.stdout.contains("not for tablet"))
    }

    @Test func daemonServesJSONRPCAndStreamsEvents() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)
        try await Self.ok(alice, ["group", "create", "team", "--members", "bob"])

        let socketPath = homes.path("bob.sock")
        let daemon = try CoveBackground(["--home", bob, "daemon", "--socket", socketPath])
        _ = try await daemon.waitForLine { $0.contains("listening on") }
        let permissions = try FileManager.default.attributesOfItem(atPath: socketPath)[.posixPermissions] as? Int
        #expect(permissions.map { $0 & 0o077 } == 0)

        let client = try SocketClient(path: socketPath)
        let subscribed = try await client.call("subscribe", id: 1)
        #expect((subscribed["result"] as? [String: Any])?["subscribed"] as? Bool == true)

        // A second connection works at the same time.
        let other = try SocketClient(path: socketPath)
        let groups = try await other.call("groups.list", id: 1)
        let groupNames = ((groups["result"] as? [String: Any])?["groups"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(groupNames == ["team"], "\(groups)")

        try await Self.ok(alice, ["send", "--group", "team", "to", "the", "bot"])
        let event = try await client.waitFor { $0["method"] as? String == "event" && ($0["params"] as? [String: Any])?["type"] as? String == "message" }
        let params = try #require(event["params"] as? [String: Any])
        #expect(params["text"] as? String == "to the bot")
        #expect(params["sender"] as? String == "alice")
        #expect(event["id"] == nil)

        let sent = try await other.call("send", params: ["group": "team", "text": "from the bot"], id: 2)
        #expect((sent["result"] as? [String: Any])?["id"] is String, "\(sent)")
        #expect(try await Self.receiveMessages(alice).map { $0["text"] as? String } == ["from the bot"])

        // Errors: not JSON, unknown method, bad params, an unknown user (from the client).
        try other.send("{nope")
        let parseError = try await other.waitFor { ($0["error"] as? [String: Any])?["code"] as? Int == -32700 }
        #expect(parseError["id"] is NSNull)
        let unknown = try await other.call("no.such.method", id: 3)
        #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32601)
        let badParams = try await other.call("send", params: ["text": "x"], id: 4)
        #expect((badParams["error"] as? [String: Any])?["code"] as? Int == -32602)
        let unknownUser = try await other.call("send", params: ["to": "nobody", "text": "x"], id: 5)
        let appError = try #require(unknownUser["error"] as? [String: Any])
        #expect(appError["code"] as? Int == -32000)
        #expect((appError["data"] as? [String: Any])?["hint"] is String)

        #expect(await daemon.interrupt() == 0, "\(daemon.stderr.text)")
        #expect(!FileManager.default.fileExists(atPath: socketPath))
    }

    @Test func aSendKilledAfterTheOutboxWriteIsSentOnceOnRestart() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)
        try await Self.ok(alice, ["send", "--to", "bob", "first"])

        // The test hook makes `cove send` SIGKILL itself right after the outbox write, before submitting.
        let killed = try await CoveRun.run(["--home", alice, "--json", "send", "--to", "bob", "survives", "a", "crash"],
                                           environment: ["COVE_TEST_KILL_AFTER_OUTBOX": "1"])
        #expect(killed.status != 0)
        let queuedId = try #require(try killed.jsonLines().first?["id"] as? String, "\(killed)")
        #expect(try await Self.receiveMessages(bob).map { $0["text"] as? String } == ["first"])

        // Any later command of alice's resends it (same client message id); bob sees it exactly once.
        try await Self.ok(alice, ["receive"])
        try await Self.ok(alice, ["receive"])
        let after = try await Self.receiveMessages(bob)
        #expect(after.map { $0["text"] as? String } == ["survives a crash"])
        #expect(after.first?["id"] as? String == queuedId)
        #expect(try await Self.receiveMessages(bob).isEmpty)
    }

    @Test func receiveFollowStreamsLiveEvents() async throws {
        let server = try await CLIServer()
        let homes = try Homes()
        let alice = try await Self.initUser(homes, "alice", server: server)
        let bob = try await Self.initUser(homes, "bob", server: server)
        let follow = try CoveBackground(["--home", bob, "receive", "--follow", "--json"])
        try await Self.ok(alice, ["send", "--to", "bob", "live", "one"])
        _ = try await follow.waitForLine { $0.contains("live one") }
        try await Self.ok(alice, ["send", "--to", "bob", "live", "two"])
        _ = try await follow.waitForLine { $0.contains("live two") }
        #expect(await follow.interrupt() == 0, "\(follow.stderr.text)")
        let texts = follow.jsonLines.filter { $0["type"] as? String == "message" }.compactMap { $0["text"] as? String }
        #expect(texts == ["live one", "live two"])
    }
}
