@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

/// The issue-4 scenario: three users, one with two devices; a 1:1 chat and a group of three;
/// a member added (who cannot read earlier messages) and one removed (who cannot read later
/// ones); a device linked later receives later messages; 1,000 messages each delivered exactly
/// once to every device in order per sender; no plaintext anywhere on the server.
@Suite("CoveClient scenario against a live cove-server", .serialized)
struct ClientScenarioTests {
    @Test("three users, two devices, 1:1 and group, add/remove, link, 1,000 messages, no plaintext", arguments: Backend.allCases)
    func scenario(_ backend: Backend) async throws {
        guard let (server, database) = try await startClientServer(backend) else { return }
        defer { server.stop() }
        let homes = (0..<4).map { _ in ClientHome() }
        let url = server.baseURL
        let alice = try await CoveClient.initialize(home: homes[0].path, server: url, username: "alice", deviceName: "laptop")
        let bob = try await CoveClient.initialize(home: homes[1].path, server: url, username: "bob", deviceName: "phone")
        let carol = try await CoveClient.initialize(home: homes[2].path, server: url, username: "carol", deviceName: "desk")
        var sentTexts: [String] = []
        func text(_ label: String) -> String {
            let t = "\(label) \(UUID().uuidString)"
            sentTexts.append(t)
            return t
        }

        // 1:1 alice <-> bob.
        let dm1 = text("dm-1")
        try await alice.send(to: "bob", text: dm1)
        #expect(texts(try await bob.sync()) == [dm1])

        // A group of alice and bob; then carol is added and sees only what follows.
        _ = try await alice.createGroup(name: "trio", members: ["bob"])
        let early = text("early")
        try await alice.send(conversation: "trio", text: early)
        #expect(texts(try await bob.sync()) == [early])
        try await alice.addMember(conversation: "trio", username: "carol")
        let bobSeesAdd = memberships(try await bob.sync())
        #expect(bobSeesAdd.map(\.action) == [.added] && bobSeesAdd.first?.user == "carol" && bobSeesAdd.first?.by == "alice")
        let late = text("late")
        try await bob.send(conversation: "trio", text: late)
        let carolFirst = try await carol.sync()
        #expect(texts(carolFirst) == [late])  // not `early`
        #expect(try await carol.members(conversation: "trio").map(\.user).sorted() == ["alice", "bob", "carol"])
        #expect(try await carol.history(conversation: "trio").map(\.text) == [late])

        // alice links a second device; it joins her conversations and reads what follows only.
        let alice2 = try await CoveClient.requestLink(home: homes[3].path, server: url, username: "alice", deviceName: "phone")
        #expect(try await alice2.isLinkPending())
        let pending = try await alice.pendingLinks()
        #expect(pending.map(\.code) == [alice2.linkCode])
        await #expect(throws: CoveClientError.self) { try await alice.approveLink(code: "000 000 000 000") }
        try await alice.approveLink(code: alice2.linkCode)
        try await alice2.waitForLinkApproval(timeout: .seconds(30))
        #expect(try await alice.devices().count == 2)
        let afterLink = text("after-link")
        try await bob.send(conversation: "trio", text: afterLink)
        let dm2 = text("dm-2")
        try await bob.send(to: "alice", text: dm2)
        let alice2Events = try await syncUntil(alice2) { texts($0).count >= 2 }
        #expect(Set(texts(alice2Events)) == [afterLink, dm2])
        #expect(Set(try await alice2.conversations().map(\.name)) == ["trio", "bob"])
        let carolSeesLink = memberships(try await carol.sync())
        #expect(carolSeesLink.contains { $0.action == .added && $0.user == "alice" && $0.device == alice2.deviceId })

        // bob is removed and cannot read what follows.
        _ = try await alice.sync()
        try await alice.removeMember(conversation: "trio", username: "bob")
        let bobRemoved = try await bob.sync()
        #expect(texts(bobRemoved).isEmpty)
        #expect(bobRemoved.contains { if case .alert(let a) = $0 { a.kind == "removed" } else { false } })
        let secret = text("after-removal")
        _ = try await carol.sync()
        try await carol.send(conversation: "trio", text: secret)
        #expect(texts(try await bob.sync()).isEmpty)
        #expect(try await bob.conversations().first { $0.name == "trio" }?.active == false)
        let aliceSeesSecret = try await syncUntil(alice) { texts($0).contains(secret) }
        #expect(texts(aliceSeesSecret).contains(secret))
        _ = try await alice2.sync()

        // 1,000 messages from three devices, interleaved; carol listens live on the WebSocket.
        let senders: [(CoveClient, String)] = [(alice, "a1"), (alice2, "a2"), (carol, "c")]
        let receivers = [alice, alice2, carol]
        let total = 1_000
        var expected: [String: [String]] = [:]  // sender device -> texts in order
        let live = await carol.events()
        let listener = Task { () -> [ReceivedMessage] in
            var got: [ReceivedMessage] = []
            let wanted = (0..<total).filter { $0 % 3 != 2 }.count  // everything but carol's own
            for try await event in live {
                if case .message(let m) = event { got.append(m) }
                if got.count >= wanted { break }
            }
            return got
        }
        for i in 0..<total {
            let (client, label) = senders[i % senders.count]
            let t = text("bulk-\(label)-\(i)")
            try await client.send(conversation: "trio", text: t)
            expected[client.deviceId, default: []].append(t)
        }
        for receiver in receivers where receiver !== carol {
            let want = expected.filter { $0.key != receiver.deviceId }.values.reduce(0) { $0 + $1.count }
            let got = messages(try await syncUntil(receiver) { messages($0).count >= want })
            #expect(got.count == want, "\(receiver.deviceId) got \(got.count) of \(want)")
            #expect(Set(got.map(\.id)).count == got.count)  // each exactly once
            for (device, sent) in expected where device != receiver.deviceId {
                #expect(got.filter { $0.device == device }.map(\.text) == sent)  // in order per sender
            }
            #expect(try await receiver.sync().isEmpty)
        }
        let carolGot = try await listener.value
        #expect(Set(carolGot.map(\.id)).count == carolGot.count)
        for (device, sent) in expected where device != carol.deviceId {
            #expect(carolGot.filter { $0.device == device }.map(\.text) == sent)
        }

        for client in [alice, alice2, bob, carol] { try await client.close() }
        #expect(server.stop() == 0)

        // No text sent appears anywhere the server stores data.
        let stored = try await serverBytes(server, database: database)
        #expect(!stored.isEmpty)
        for (name, data) in stored {
            for t in sentTexts {
                let hex = t.utf8.map { String(format: "%02x", $0) }.joined()
                #expect(data.range(of: Data(t.utf8)) == nil, "plaintext found in \(name)")
                #expect(data.range(of: Data(hex.utf8)) == nil, "plaintext (hex) found in \(name)")
            }
        }
    }
}
