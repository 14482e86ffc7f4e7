@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

@Suite("CoveClient SDK against a live cove-server", .serialized)
struct ClientIntegrationTests {
    @Test("register, 1:1 chat, named group, sync between two clients", arguments: Backend.allCases)
    func basicChat(_ backend: Backend) async throws {
        guard let server = try await startServer(backend) else { return }
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome()
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice", deviceName: "laptop")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob", deviceName: "phone")

        // 1:1: created on first send; bob learns the conversation, then the text.
        try await alice.send(to: "bob", text: "hello bob")
        let bobEvents = try await bob.sync()
        #expect(texts(bobEvents) == ["hello bob"])
        let joined = bobEvents.compactMap { if case .conversation(let c) = $0 { c } else { nil } }
        #expect(joined.map(\.kind) == ["direct"] && joined.first?.conversation == "alice")
        let received = try #require(messages(bobEvents).first)
        #expect(received.sender == "alice" && received.device == alice.deviceId && received.conversation == "alice")

        // Reply in the same conversation (found by the other user's name), and no duplicate on re-sync.
        try await bob.send(to: "alice", text: "hi alice")
        #expect(texts(try await alice.sync()) == ["hi alice"])
        #expect(try await alice.sync().isEmpty)
        #expect(try await bob.conversations().count == 1)

        // A named group: its name reaches bob inside the group.
        let group = try await alice.createGroup(name: "team", members: ["bob"])
        #expect(group.members == ["alice", "bob"])
        try await alice.send(conversation: "team", text: "welcome to team")
        let groupEvents = try await bob.sync()
        #expect(groupEvents.contains { if case .conversation(let c) = $0 { c.conversation == "team" && c.kind == "group" } else { false } })
        #expect(texts(groupEvents) == ["welcome to team"])
        #expect(try await bob.history(conversation: "team").map(\.text) == ["welcome to team"])
        #expect(try await alice.history(conversation: "team").map(\.text) == ["welcome to team"])

        // The JSON form of a message event.
        let line = ClientEventEncoder.jsonLine(try #require(groupEvents.last))
        #expect(line.contains(#""type":"message""#) && line.contains(#""sent_at":"#) && line.contains(#""conversation":"team""#))

        // Errors with hints.
        await #expect(throws: CoveClientError.self) { try await alice.send(to: "nobody", text: "x") }
        do { try await alice.send(conversation: "nope", text: "x") } catch let error as CoveClientError {
            #expect(error.code == .unknownConversation && error.hint != nil)
        }
        try await alice.close()
        try await bob.close()

        // Reopen from the home directory.
        let reopened = try await CoveClient.open(home: aliceHome.path)
        #expect(reopened.username == "alice")
        #expect(try await reopened.history(conversation: "bob").map(\.text) == ["hello bob", "hi alice"])
        try await reopened.close()
    }

    @Test("wrong server URL and a server that is down give errors with hints")
    func unreachable() async throws {
        let home = ClientHome()
        do {
            _ = try await CoveClient.initialize(home: home.path, server: "http://127.0.0.1:1", username: "alice")
            Issue.record("expected an error")
        } catch let error as CoveClientError {
            #expect(error.code == .serverUnreachable && error.hint != nil)
        }
        let other = ClientHome()
        do {
            _ = try await CoveClient.initialize(home: other.path, server: "not a url", username: "alice")
            Issue.record("expected an error")
        } catch let error as CoveClientError {
            #expect(error.code == .invalidServerURL)
        }
        do {
            _ = try await CoveClient.open(home: ClientHome().path)
            Issue.record("expected an error")
        } catch let error as CoveClientError {
            #expect(error.code == .notInitialized && error.hint != nil)
        }
    }
}

@Suite("CoveClient store protection against a live cove-server", .serialized)
struct ClientProtectionTests {
    @Test("a passphrase-protected device opens only with its passphrase; its keys are not in the database in clear")
    func passphrase() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let home = ClientHome()
        let alice = try await CoveClient.initialize(home: home.path, server: server.baseURL, username: "alice",
                                                    protection: .passphrase("correct horse battery"))
        _ = try await alice.createGroup(name: "solo", members: [])
        let secrets = try await alice.keyMaterialForTesting()
        try await alice.close()
        #expect(secrets.count >= 3)
        var storeBytes = Data()
        for file in ["cove.sqlite", "cove.sqlite-wal"] {
            storeBytes += FileManager.default.contents(atPath: home.path + "/" + file) ?? Data()
        }
        #expect(storeBytes.count > 10_000)
        for secret in secrets {
            #expect(storeBytes.range(of: Data(secret)) == nil, "key material found in the store in clear")
        }
        #expect(CoveClient.needsPassphrase(home: home.path) == true)
        for (passphrase, code) in [(nil, CoveClientError.Code.storePassphraseRequired), ("wrong", .storeWrongPassphrase)] {
            do {
                _ = try await CoveClient.open(home: home.path, passphrase: passphrase)
                Issue.record("opened without the right passphrase")
            } catch let error as CoveClientError {
                #expect(error.code == code && error.hint != nil)
            }
        }
        let reopened = try await CoveClient.open(home: home.path, passphrase: "correct horse battery")
        #expect(try await reopened.conversations().map(\.name) == ["solo"])
        try await reopened.close()
        // A failed init leaves nothing behind, so it can be retried.
        let fresh = ClientHome()
        await #expect(throws: CoveClientError.self) {
            _ = try await CoveClient.initialize(home: fresh.path, server: server.baseURL, username: "alice")  // taken
        }
        #expect(CoveClient.needsPassphrase(home: fresh.path) == nil)
        let retried = try await CoveClient.initialize(home: fresh.path, server: server.baseURL, username: "alice2")
        try await retried.close()
    }
}
