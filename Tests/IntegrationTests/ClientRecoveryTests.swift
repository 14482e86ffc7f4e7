@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

func alerts(_ events: [ClientEvent]) -> [ClientAlert] {
    events.compactMap { if case .alert(let a) = $0 { a } else { nil } }
}

/// Copies a closed client's home directory (store and key file).
func snapshot(_ home: ClientHome) throws -> String {
    let copy = FileManager.default.temporaryDirectory.appendingPathComponent("cove-snap-\(UUID().uuidString)").path
    try FileManager.default.copyItem(atPath: home.path, toPath: copy)
    return copy
}

func restore(_ snapshot: String, to home: ClientHome) throws {
    try FileManager.default.removeItem(atPath: home.path)
    try FileManager.default.moveItem(atPath: snapshot, toPath: home.path)
}

@Suite("CoveClient recovery, conflicts, revocation and crash-safe sending", .serialized)
struct ClientRecoveryTests {
    @Test("a client killed after writing its outbox sends exactly once after reopening")
    func killedDuringSend() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome()
        var alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob")
        try await alice.send(to: "bob", text: "first")
        #expect(texts(try await bob.sync()) == ["first"])

        // "Killed" between the outbox write and the submission.
        let pending = try await alice.enqueueWithoutSubmitting(conversation: "bob", text: "in flight")
        #expect(try await alice.outboxCount() == 1)
        #expect(texts(try await bob.sync()).isEmpty)  // nothing reached the server
        try await alice.close()

        alice = try await CoveClient.open(home: aliceHome.path)
        try await alice.resume()
        #expect(try await alice.outboxCount() == 0)
        try await alice.resume()  // nothing left to send twice
        let got = messages(try await bob.sync())
        #expect(got.map(\.text) == ["in flight"] && got.first?.id == pending.id)
        #expect(try await bob.sync().isEmpty)
        #expect(try await bob.history(conversation: "alice").map(\.text) == ["first", "in flight"])
        try await alice.close()
        try await bob.close()
    }

    @Test("KeyPackages used by Welcomes are deleted locally and the server pool is topped up")
    func keyPackagePool() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome()
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob")
        let initial = try await bob.keyPackageCountsForTesting()
        #expect(initial.server == 20 && initial.local == 21)  // 20 one-time + the last-resort one
        for i in 0..<12 { _ = try await alice.createGroup(name: "g\(i)", members: ["bob"]) }
        let before = try await bob.keyPackageCountsForTesting()
        #expect(before.server == 8 && before.local == 21)  // claimed, not yet used
        let events = try await bob.sync()
        #expect(events.filter { if case .conversation = $0 { true } else { false } }.count == 12)
        let after = try await bob.keyPackageCountsForTesting()
        #expect(after.server == 20)  // topped up
        #expect(after.local == 21 - 12 + 12)  // 12 used and deleted, 12 new ones held
        try await alice.close()
        try await bob.close()
    }

    @Test("concurrent membership changes: the losing commit catches up and is redone")
    func epochConflict() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let homes = (0..<4).map { _ in ClientHome() }
        let url = server.baseURL
        let alice = try await CoveClient.initialize(home: homes[0].path, server: url, username: "alice")
        let bob = try await CoveClient.initialize(home: homes[1].path, server: url, username: "bob")
        let carol = try await CoveClient.initialize(home: homes[2].path, server: url, username: "carol")
        let dave = try await CoveClient.initialize(home: homes[3].path, server: url, username: "dave")
        _ = try await alice.createGroup(name: "g", members: ["bob"])
        _ = try await bob.sync()
        // alice commits first; bob has not seen it and commits on the old epoch: 409, catch up, redo.
        try await alice.addMember(conversation: "g", username: "carol")
        try await bob.addMember(conversation: "g", username: "dave")
        _ = try await alice.sync()
        let all = ["alice", "bob", "carol", "dave"]
        #expect(try await alice.members(conversation: "g").map(\.user).sorted() == all)
        #expect(try await bob.members(conversation: "g").map(\.user).sorted() == all)
        try await bob.send(conversation: "g", text: "all four")
        for reader in [alice, carol, dave] {
            let got = try await syncUntil(reader) { texts($0).contains("all four") }
            #expect(texts(got).contains("all four"))
        }
        #expect(try await dave.members(conversation: "g").map(\.user).sorted() == all)
        for c in [alice, bob, carol, dave] { try await c.close() }
    }

    @Test("a device whose state fell behind rejoins by external commit and is told", arguments: Backend.allCases)
    func rejoin(_ backend: Backend) async throws {
        guard let (server, _) = try await startClientServer(backend) else { return }
        defer { server.stop() }
        let homes = (0..<3).map { _ in ClientHome() }
        let url = server.baseURL
        let alice = try await CoveClient.initialize(home: homes[0].path, server: url, username: "alice")
        let bob = try await CoveClient.initialize(home: homes[1].path, server: url, username: "bob")
        var carol = try await CoveClient.initialize(home: homes[2].path, server: url, username: "carol")
        _ = try await alice.createGroup(name: "g", members: ["bob", "carol"])
        _ = try await carol.sync()
        try await carol.close()
        let saved = try snapshot(homes[2])
        carol = try await CoveClient.open(home: homes[2].path)

        // The group moves on; carol follows, then loses that progress (restored from a backup).
        try await alice.removeMember(conversation: "g", username: "bob")
        try await alice.send(conversation: "g", text: "m1")
        #expect(texts(try await syncUntil(carol) { texts($0).contains("m1") }) == ["m1"])
        try await carol.close()
        try restore(saved, to: homes[2])
        carol = try await CoveClient.open(home: homes[2].path)

        try await alice.send(conversation: "g", text: "m2")
        let recovered = try await syncUntil(carol) { !alerts($0).isEmpty }
        #expect(alerts(recovered).contains { $0.kind == "rejoined" })
        #expect(!texts(recovered).contains("m2"))  // sent in an epoch carol's old state cannot read
        _ = try await alice.sync()  // processes carol's external commit
        try await alice.send(conversation: "g", text: "m3")
        #expect(texts(try await syncUntil(carol) { texts($0).contains("m3") }).contains("m3"))
        try await carol.send(conversation: "g", text: "back")
        #expect(texts(try await syncUntil(alice) { texts($0).contains("back") }).contains("back"))
        for c in [alice, bob, carol] { try await c.close() }
    }

    @Test("a revoked device leaves every conversation and can no longer read or sign in")
    func revoke() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let homes = (0..<3).map { _ in ClientHome() }
        let url = server.baseURL
        let alice = try await CoveClient.initialize(home: homes[0].path, server: url, username: "alice")
        let bob = try await CoveClient.initialize(home: homes[1].path, server: url, username: "bob")
        try await bob.send(to: "alice", text: "before link")
        _ = try await alice.sync()
        let phone = try await CoveClient.requestLink(home: homes[2].path, server: url, username: "alice", deviceName: "phone")
        try await alice.approveLink(code: phone.linkCode)
        try await phone.waitForLinkApproval(timeout: .seconds(30))
        try await bob.send(to: "alice", text: "to both")
        #expect(texts(try await syncUntil(phone) { texts($0).contains("to both") }).contains("to both"))
        #expect(!(try await phone.history(conversation: "bob").map(\.text).contains("before link")))

        try await alice.revokeDevice(phone.deviceId)
        #expect(try await alice.devices().map(\.deviceId) == [alice.deviceId])
        let bobSees = memberships(try await bob.sync())
        #expect(bobSees.contains { $0.action == .removed && $0.device == phone.deviceId && $0.by == "alice" })
        try await bob.send(to: "alice", text: "after revoke")
        #expect(texts(try await syncUntil(alice) { texts($0).contains("after revoke") }).contains("after revoke"))
        do {
            _ = try await phone.sync()
            Issue.record("a revoked device must not sign in")
        } catch let error as CoveClientError {
            #expect(error.code == .deviceRevoked && error.hint != nil)
        }
        #expect(!(try await phone.history(conversation: "bob").map(\.text).contains("after revoke")))
        for c in [alice, bob, phone] { try await c.close() }
    }
}
