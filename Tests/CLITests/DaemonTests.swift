import Foundation
import Testing

/// The daemon as a long-running bot backend: it keeps what arrives while nobody is subscribed for
/// the next subscriber, and it outlives the server going away (a real `cove-server` process that
/// is stopped and started again on the same port and data).
@Suite(.serialized) struct DaemonTests {
    typealias T = TranscriptTests

    static func isEvent(_ object: [String: Any], text: String) -> Bool {
        object["method"] as? String == "event" && (object["params"] as? [String: Any])?["text"] as? String == text
    }

    @Test func aLateSubscriberGetsTheBacklogAndTheDaemonSurvivesAServerRestart() async throws {
        var server = try await CLIServer()
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        let bob = try await T.initUser(homes, "bob", server: server)
        try await T.ok(alice, ["group", "create", "team", "--members", "bob"])

        let socketPath = homes.path("bob.sock")
        let daemon = try CoveBackground(["--home", bob, "daemon", "--socket", socketPath])
        _ = try await daemon.waitForLine { $0.contains("listening on") }

        // Nobody is subscribed when Alice writes.
        let sent = try await T.ok(alice, ["--json", "send", "--group", "team", "while", "nobody", "listens"])
        let sentId = try #require(try sent.jsonLines().first?["id"] as? String)
        // Once a `receive` through the daemon has returned, the message is in Bob's store and was
        // handed to the daemon's event stream (by this call or by the push before it).
        let control = try SocketClient(path: socketPath)
        let received = try await control.call("receive", id: 1)
        #expect(received["result"] != nil, "\(received)")

        // The server goes away. What the daemon holds must come from the daemon, not the server.
        server = try await server.restarted {
            let late = try SocketClient(path: socketPath)
            let subscribed = try await late.call("subscribe", id: 1)
            #expect((subscribed["result"] as? [String: Any])?["subscribed"] as? Bool == true)
            let backlog = try await late.waitFor { Self.isEvent($0, text: "while nobody listens") }
            let params = try #require(backlog["params"] as? [String: Any])
            #expect(params["id"] as? String == sentId)
            #expect(params["sender"] as? String == "alice")
            #expect(params["conversation"] as? String == "team")

            // A call that needs the server fails as a JSON-RPC error with the CLI's hint; the daemon stays up.
            let down = try await late.call("send", params: ["group": "team", "text": "into the void"], id: 2)
            let error = try #require(down["error"] as? [String: Any], "\(down)")
            #expect(error["code"] as? Int == -32000)
            let data = try #require(error["data"] as? [String: Any])
            #expect(data["code"] as? String == "server.unreachable", "\(data)")
            #expect((data["hint"] as? String)?.isEmpty == false)
            #expect(daemon.process.isRunning, "\(daemon.stderr.text)")
            let whoami = try await late.call("whoami", id: 3)
            #expect((whoami["result"] as? [String: Any])?["user"] as? String == "bob")
        }

        // Back up: the subscription that started while the server was down gets new messages live.
        let subscriber = try SocketClient(path: socketPath)
        _ = try await subscriber.call("subscribe", id: 1)
        try await T.ok(alice, ["send", "--group", "team", "after", "the", "restart"])
        let live = try await subscriber.waitFor(timeout: 90) { Self.isEvent($0, text: "after the restart") }
        #expect((live["params"] as? [String: Any])?["sender"] as? String == "alice")

        // And the daemon sends again.
        let back = try await subscriber.call("send", params: ["group": "team", "text": "back online"], id: 2)
        #expect((back["result"] as? [String: Any])?["id"] is String, "\(back)")
        let aliceGot = try await T.receiveMessages(alice).compactMap { $0["text"] as? String }
        #expect(aliceGot == ["back online"])
        // "into the void" failed before anything was written: it is not sent later either.
        #expect(!aliceGot.contains("into the void"))

        // Each message reached the subscriber once.
        let texts = subscriber.objects.filter { $0["method"] as? String == "event" }
            .compactMap { ($0["params"] as? [String: Any])?["text"] as? String }
        #expect(texts.filter { $0 == "after the restart" }.count == 1, "\(texts)")
        #expect(!texts.contains("while nobody listens"), "the backlog went to the first subscriber only: \(texts)")

        #expect(await daemon.interrupt() == 0, "\(daemon.stderr.text)")
        #expect(!FileManager.default.fileExists(atPath: socketPath))
    }
}
