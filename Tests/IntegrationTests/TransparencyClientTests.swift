@_spi(Testing) import CoveClient
import CoveClientSQLite
import CoveProtocol
import CoveServer
import CoveServerSQLite
import CoveTransparency
import Crypto
import Foundation
import Testing

/// The SDK against a malicious server: a real cove-server behind `MaliciousProxy` (rewritten
/// answers, swapped databases) or driven directly through its store, as its operator could.
/// Every attack must end in a `transparency.*` error or a `transparency` alert, never silently.
@Suite("Key transparency in the client against a malicious server", .serialized)
struct TransparencyClientTests {
    /// Transparency alerts among `events`.
    func alerts(_ events: [ClientEvent]) -> [ClientAlert] {
        events.compactMap { if case .alert(let alert) = $0, alert.kind == "transparency" { alert } else { nil } }
    }

    func expectError(_ code: CoveClientError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code.rawValue), got success")
        } catch let error as CoveClientError {
            #expect(error.code == code, "\(error.code.rawValue): \(error.message)")
        } catch {
            Issue.record("expected \(code.rawValue), got \(error)")
        }
    }

    /// Runs `body`; on a thrown error, closes `clients` first, so a failed step ends the test with
    /// its failure and no client left holding its store.
    func closing(_ clients: [CoveClient], _ body: () async throws -> Void) async throws {
        do { try await body() } catch {
            for client in clients { try? await client.close() }
            throw error
        }
    }

    /// The clients a test opened along the way (``closing(_:_:)`` for a list that grows).
    final class OpenClients: @unchecked Sendable {
        private(set) var all: [CoveClient] = []
        @discardableResult
        func add(_ client: CoveClient) -> CoveClient {
            all.append(client)
            return client
        }
        func closeAll() async {
            for client in all { try? await client.close() }
        }
    }

    /// Rewrites a device list's keys (or drops the proofs) as a server handing out ghost keys would.
    static func forgeDevices(dropProofs: Bool) -> MaliciousProxy.Rewrite {
        { status, body in
            guard status == 200 else { return body }
            var list = try JSONDecoder().decode(DeviceList.self, from: Data(body))
            for i in list.devices.indices {
                if dropProofs { list.devices[i].inclusion = nil } else {
                    list.devices[i].signatureKey = Base64Bytes(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
                }
            }
            return Array(try JSONEncoder().encode(list))
        }
    }

    @Test("init pins the log key; a device key not in the log is refused before anything is encrypted to it")
    func keyNotInLogIsRefused() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let proxy = try await MaliciousProxy(upstream: server.baseURL)
        let aliceHome = ClientHome(), bobHome = ClientHome()
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: proxy.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: proxy.baseURL, username: "bob")

        // The pinned fingerprint is the log's, computed locally from the key the server announced.
        let key = try JSONDecoder().decode(TransparencyKeyResponse.self, from: Data(contentsOf: URL(string: server.baseURL + "/v1/transparency/key")!))
        #expect(try await alice.transparencyFingerprint() == (try LogPublicKey(rawRepresentation: key.publicKey.bytes)).fingerprint)
        #expect(try await alice.latestCheckpoint() != nil)

        // (a) The directory hands out a key of the server's own for bob (the proof is bob's real entry).
        proxy.rewrite("GET", "/v1/users/bob/devices", Self.forgeDevices(dropProofs: false))
        await expectError(.transparencyNotInLog) { _ = try await alice.send(to: "bob", text: "secret") }
        // ... or no proof at all.
        proxy.rewrite("GET", "/v1/users/bob/devices", Self.forgeDevices(dropProofs: true))
        await expectError(.transparencyNotInLog) { _ = try await alice.send(to: "bob", text: "secret") }
        // The KeyPackage claim without proofs is refused too (the directory answer is genuine here).
        proxy.clearRewrites()
        proxy.rewrite("POST", "/v1/key-packages/claim") { status, body in
            guard status == 200 else { return body }
            var answer = try JSONDecoder().decode(ClaimKeyPackagesResponse.self, from: Data(body))
            for i in answer.keyPackages.indices { answer.keyPackages[i].inclusion = nil }
            return Array(try JSONEncoder().encode(answer))
        }
        await expectError(.transparencyNotInLog) { _ = try await alice.send(to: "bob", text: "secret") }
        // Each refusal is an alert to the user; bob received nothing.
        let raised = alerts(try await alice.sync())
        #expect(raised.count == 3)
        #expect(raised.allSatisfy { $0.message.contains("bob") })
        #expect(try await bob.sync().isEmpty)

        // The honest server: the same send goes through, with no alert.
        proxy.clearRewrites()
        _ = try await alice.send(to: "bob", text: "hello")
        #expect(texts(try await bob.sync()) == ["hello"])
        #expect(alerts(try await alice.sync()).isEmpty)
        try await alice.close()
        try await bob.close()
    }

    @Test("a ghost device the operator adds to the log is reported to its user at the next sync, once")
    func ghostDeviceIsDetected() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let aliceHome = ClientHome(), bobHome = ClientHome(), ghostHome = ClientHome()
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: server.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: server.baseURL, username: "bob")
        let open = OpenClients()
        open.add(alice)
        open.add(bob)
        do {
            // Other users' devices and the own registration are no alert.
            #expect(alerts(try await alice.sync()).isEmpty)

            // The operator's ghost: a device key of its own, with KeyPackages, asked for as a link
            // to alice's account ...
            let ghost = try await CoveClient.requestLink(home: ghostHome.path, server: server.baseURL, username: "alice", deviceName: "laptop")
            open.add(ghost)
            let linkId = try #require(try await alice.pendingLinks().first).linkId
            // ... that the operator approves itself, through the server's store, without alice
            // (the log entry is appended in the same transaction, as for any device).
            try await operatorApprovesLink(linkId, dataDirectory: try #require(server.dataDirectory))
            try await ghost.waitForLinkApproval(timeout: .seconds(30))

            // Senders accept it: it is in the log (that is the point: it cannot hide from alice),
            // and the ghost reads what bob sends to alice.
            _ = try await bob.send(to: "alice", text: "to every alice device")
            #expect(texts(try await syncUntil(ghost) { !texts($0).isEmpty }) == ["to every alice device"])

            // Alice's client sees it at its next sync: one clear alert naming the device.
            let events = try await alice.sync()
            #expect(texts(events) == ["to every alice device"])
            let raised = alerts(events)
            #expect(raised.count == 1)
            #expect(raised.first?.message.contains(ghost.deviceId) == true)
            #expect(raised.first?.message.contains("did not link") == true)
            // The ghost is also visible as a member of the conversation bob created.
            #expect(try await alice.members(conversation: try #require(try await alice.conversations().first).id)
                .contains { $0.device == ghost.deviceId })
            // Reported once.
            #expect(alerts(try await alice.sync()).isEmpty)

            // A device alice approves herself is no alert.
            let phoneHome = ClientHome()
            let phone = try await CoveClient.requestLink(home: phoneHome.path, server: server.baseURL, username: "alice", deviceName: "phone")
            open.add(phone)
            let code = try #require(try await alice.pendingLinks().first).code
            try await alice.approveLink(code: code)
            try await phone.waitForLinkApproval(timeout: .seconds(30))
            #expect(alerts(try await alice.sync()).isEmpty)
            // The new device accepts the devices that existed when it joined (ghost included: the
            // older device already raised it).
            #expect(alerts(try await phone.sync()).isEmpty)
            for client in open.all { try await client.close() }
        } catch {
            await open.closeAll()
            throw error
        }
    }

    /// Two servers signing with the same log key and origin but holding different logs: the
    /// split view an operator would show two groups of users.
    static func splitServers() async throws -> (ServerProcess, ServerProcess, String) {
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("cove-logkey-\(UUID().uuidString)").path
        let seed = Curve25519.Signing.PrivateKey().rawRepresentation
        try Data(seed.base64EncodedString().utf8).write(to: URL(fileURLWithPath: keyFile))
        let a = try await ServerProcess(extraArguments: ["--log-key", keyFile])
        let b = try await ServerProcess(extraArguments: ["--log-key", keyFile])
        return (a, b, keyFile)
    }

    @Test("two checkpoints of the same size served to two clients: detected by gossip and by auditors")
    func splitViewDetected() async throws {
        let (a, b, keyFile) = try await Self.splitServers()
        defer { a.stop(); b.stop(); try? FileManager.default.removeItem(atPath: keyFile) }
        let aliceHome = ClientHome(), bobHome = ClientHome()
        let alice = try await CoveClient.initialize(home: aliceHome.path, server: a.baseURL, username: "alice")
        let bob = try await CoveClient.initialize(home: bobHome.path, server: b.baseURL, username: "bob")
        try await closing([alice, bob]) {
            #expect(try await alice.transparencyFingerprint() == (try await bob.transparencyFingerprint()))
            let aliceView = try #require(try await alice.latestCheckpoint())
            let bobView = try #require(try await bob.latestCheckpoint())
            #expect(try SignedCheckpoint.decode(aliceView).checkpoint.size == (try SignedCheckpoint.decode(bobView).checkpoint.size))

            // Each view alone is consistent; comparing them (gossip) is not.
            #expect(alerts(try await alice.sync()).isEmpty)
            try await alice.compareCheckpoint(aliceView)
            await expectError(.transparencySplitView) { try await alice.compareCheckpoint(bobView) }
            await expectError(.transparencySplitView) { try await bob.compareCheckpoint(aliceView) }
            #expect(alerts(try await alice.sync()).count == 1)

            // Auditors: one per server; comparing their state files reveals the split, and an
            // auditor given the other view's checkpoint (gossip) refuses it.
            let readerA = try TransparencyLogReader(server: a.baseURL), readerB = try TransparencyLogReader(server: b.baseURL)
            let (origin, key) = try await readerA.logKey()
            var stateA = AuditorState(origin: origin, publicKey: key), stateB = AuditorState(origin: origin, publicKey: key)
            _ = try await Auditor.audit(state: &stateA, source: readerA)
            _ = try await Auditor.audit(state: &stateB, source: readerB)
            #expect(throws: TransparencyError.self) { _ = try stateA.compare(with: stateB) }
            do {
                _ = try stateA.compare(with: stateB)
            } catch let error as TransparencyError {
                #expect(error.code == .splitView && error.evidence != nil)
            }
            var again = stateA
            await #expect(throws: TransparencyError.self) {
                _ = try await Auditor.audit(state: &again, source: readerA, gossip: [try SignedCheckpoint.decode(bobView)])
            }
            try await alice.close()
            try await bob.close()
        }
    }

    @Test("a rewritten, non-append log fails the consistency check of the client and of the auditor")
    func rewrittenLogFailsConsistency() async throws {
        let (a, b, keyFile) = try await Self.splitServers()
        defer { a.stop(); b.stop(); try? FileManager.default.removeItem(atPath: keyFile) }
        let proxy = try await MaliciousProxy(upstream: a.baseURL)
        let homes = (0..<6).map { _ in ClientHome() }
        var clients: [CoveClient] = []
        do {
            // alice, bob and carol on the real log; dave, erin, frank and gina make another,
            // longer history signed with the same log key (the operator's rewrite).
            for (name, home) in zip(["alice", "bob", "carol"], homes) {
                clients.append(try await CoveClient.initialize(home: home.path, server: proxy.baseURL, username: name))
            }
            for (name, home) in zip(["dave", "erin", "frank"], homes.dropFirst(3)) {
                clients.append(try await CoveClient.initialize(home: home.path, server: b.baseURL, username: name))
            }
        } catch {
            for client in clients { try? await client.close() }
            throw error
        }
        let alice = clients[0]
        try await closing(clients) {
            #expect(alerts(try await alice.sync()).isEmpty)
            let trusted = try #require(try await alice.latestCheckpoint())
            #expect(try SignedCheckpoint.decode(trusted).checkpoint.size == 3)
            let readerA = try TransparencyLogReader(server: a.baseURL), readerB = try TransparencyLogReader(server: b.baseURL)
            let (origin, key) = try await readerA.logKey()
            var auditor = AuditorState(origin: origin, publicKey: key)
            _ = try await Auditor.audit(state: &auditor, source: readerA)
            let rewritten = try await readerB.checkpoint()
            #expect(rewritten.checkpoint.size == 3)

            // One more device on the rewritten history, so it is longer than the trusted one.
            let ginaHome = ClientHome()
            try await CoveClient.initialize(home: ginaHome.path, server: b.baseURL, username: "gina").close()
            let longer = try await readerB.checkpoint()
            #expect(longer.checkpoint.size == 4)

            // The operator now serves the rewritten log; messaging keeps going to the same server.
            proxy.route("/v1/transparency/", to: b.baseURL)
            // Alice's next sync: the new checkpoint does not extend the trusted one.
            let raised = alerts(try await alice.sync())
            #expect(raised.count == 1)
            #expect(raised.first?.message.contains("rewritten") == true)
            #expect(raised.first?.message.contains("kt.inconsistent_log") == true)
            #expect(try await alice.latestCheckpoint() == trusted)
            // It keeps failing (and alerting) at every sync: the client does not move to the new log.
            #expect(alerts(try await alice.sync()).count == 1)

            // Keys handed out under the rewritten log are refused: carol's genuine devices, with
            // the rewritten log's checkpoint.
            proxy.rewrite("GET", "/v1/users/carol/devices") { status, body in
                guard status == 200 else { return body }
                var list = try JSONDecoder().decode(DeviceList.self, from: Data(body))
                list.checkpoint = Base64Bytes(longer.mlsEncoded)
                return Array(try JSONEncoder().encode(list))
            }
            await expectError(.transparencyInconsistent) { _ = try await alice.send(to: "carol", text: "hi") }
            #expect(alerts(try await alice.sync()).count == 2)  // the refused send, and the sync's own check

            // The auditor recomputes the tree on top of what it saw: the root cannot match.
            let before = auditor
            do {
                _ = try await Auditor.audit(state: &auditor, source: readerB)
                Issue.record("the auditor accepted a rewritten log")
            } catch let error as TransparencyError {
                #expect(error.code == .rootMismatch)
            }
            #expect(auditor == before)
            for client in clients { try await client.close() }
        }
    }
}
