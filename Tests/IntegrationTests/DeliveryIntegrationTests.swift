import CoveProtocol
import CoveTestSupport
import Crypto
import Foundation
import Testing

enum Backend: String, CaseIterable, Sendable {
    case sqlite, postgres
}

/// Starts a server on `backend` (Postgres: a fresh database on the throwaway cluster). `nil`
/// when PostgreSQL is unavailable outside CI (in CI that is a failure).
func startServer(_ backend: Backend) async throws -> ServerProcess? {
    switch backend {
    case .sqlite:
        return try await ServerProcess()
    case .postgres:
        do {
            let url = try await PostgresTestCluster.shared.createDatabase()
            return try await ServerProcess(database: url)
        } catch let error as PostgresTestCluster.Unavailable {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return nil
        }
    }
}

func groupPath(_ id: [UInt8]) -> String { "/v1/groups/" + GroupID(id).string }

@Suite("Delivery against a live cove-server", .serialized)
struct DeliveryIntegrationTests {
    @Test("register, key packages, group, commit conflict, fan-out, ack, idempotency, push", arguments: Backend.allCases)
    func fullFlow(_ backend: Backend) async throws {
        guard let server = try await startServer(backend) else { return }
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)

        #expect(try await http.send("GET", "/health").status == 200)
        let openapi = try await http.send("GET", "/openapi.yaml")
        #expect(openapi.status == 200 && String(decoding: openapi.body, as: UTF8.self).hasPrefix("openapi: 3.1.0"))

        let alice = try await TestDevice.register(http, username: "alice")
        let alice2 = try await alice.link(name: "phone")
        let bob = try await TestDevice.register(http, username: "bob")

        // Key directory: two one-time packages are claimed once each, then the last-resort one.
        let kps = try (0..<2).map { _ in MLSFixtures.encoded(try MLSFixtures.keyPackage(for: bob)) }
        let last = MLSFixtures.encoded(try MLSFixtures.keyPackage(for: bob))
        let upload = try await bob.send("POST", "/v1/key-packages", json: UploadKeyPackagesRequest(
            keyPackages: kps.map(Base64Bytes.init), lastResort: Base64Bytes(last)))
        #expect(upload.status == 200)
        #expect(try upload.decode(KeyPackageCount.self) == KeyPackageCount(count: 2, hasLastResort: true))
        var claimed: [ClaimedKeyPackage] = []
        for _ in 0..<3 {
            let answer = try await alice.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(deviceIds: [bob.deviceId]))
            #expect(answer.status == 200)
            claimed += try answer.decode(ClaimKeyPackagesResponse.self).keyPackages
        }
        #expect(Set(claimed.prefix(2).map(\.keyPackage.bytes)) == Set(kps))
        #expect(claimed[2].lastResort && claimed[2].keyPackage.bytes == last)

        // Directory lookups.
        let bobDevices = try await alice.send("GET", "/v1/users/bob/devices")
        #expect(try bobDevices.decode(DeviceList.self).devices.map(\.deviceId) == [bob.deviceId])

        // Group: alice adds bob and her second device at epoch 0.
        let gid = MLSFixtures.random(16)
        let created = try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid)))
        #expect(created.status == 201)
        let adds = [try MLSFixtures.keyPackage(for: bob), try MLSFixtures.keyPackage(for: alice2)]
        let addCommit = SubmitCommitRequest(clientMessageId: "alice-c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: adds)),
                                            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId, alice2.deviceId])
        let accepted = try await alice.send("POST", groupPath(gid) + "/commits", json: addCommit)
        #expect(accepted.status == 200)
        let acceptedBody = try accepted.decode(SubmitResponse.self)
        #expect(acceptedBody.epoch == 1 && !acceptedBody.duplicate)

        // A second commit for epoch 0 loses, with the catch-up code and the current epoch.
        let late = try await bob.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "bob-c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, sender: 1))))
        #expect(late.status == 409 && late.code == "group.epoch_conflict" && late.error?.currentEpoch == 1)

        // Retrying the accepted commit is answered as before, without a second copy.
        let retry = try await alice.send("POST", groupPath(gid) + "/commits", json: addCommit)
        #expect(retry.status == 200)
        #expect(try retry.decode(SubmitResponse.self) == SubmitResponse(messageId: acceptedBody.messageId, epoch: 1, duplicate: true))

        // Joiners got the Welcome with the winning commit.
        let bobQueue = try await bob.fetch()
        #expect(bobQueue.map(\.kind) == [.welcome])
        #expect(try await alice2.fetch().map(\.kind) == [.welcome])
        #expect(try await alice.fetch().isEmpty)

        // Push: bob's socket first gets the pending welcome, then alice's message as it is sent.
        let app = SubmitMessageRequest(clientMessageId: "alice-m1",
                                       message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: MLSFixtures.random(80))))
        let pushed = try await collectPush(bob, port: server.port, count: 2) {
            let sent = try await alice.send("POST", groupPath(gid) + "/messages", json: app)
            #expect(sent.status == 200)
        }
        #expect(pushed.map(\.kind) == [.welcome, .application])
        #expect(pushed[1].payload == app.message && pushed[1].senderDeviceId == alice.deviceId)

        // Resubmitting the message changes nothing.
        let again = try await alice.send("POST", groupPath(gid) + "/messages", json: app)
        #expect(try again.decode(SubmitResponse.self).duplicate)

        // Fan-out reached alice's other device too; acks over the socket emptied bob's queue.
        let alice2Queue = try await alice2.fetch()
        #expect(alice2Queue.map(\.kind) == [.welcome, .application])
        try await alice2.ack(alice2Queue)
        #expect(try await alice2.fetch().isEmpty)
        var bobLeft = try await bob.fetch()
        for _ in 0..<50 where !bobLeft.isEmpty {  // socket acks are processed asynchronously
            try await Task.sleep(for: .milliseconds(100))
            bobLeft = try await bob.fetch()
        }
        #expect(bobLeft.isEmpty)

        // A message to a reconnecting device waits in its queue: fetch on reconnect.
        let m2 = SubmitMessageRequest(clientMessageId: "bob-m2",
                                      message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: MLSFixtures.random(40))))
        #expect(try await bob.send("POST", groupPath(gid) + "/messages", json: m2).status == 200)
        let replay = try await collectPush(alice2, port: server.port, count: 1, ack: false)
        #expect(replay.map(\.payload) == [m2.message])
        #expect(try await alice2.fetch().count == 1)  // not acked: still queued

        let metrics = try await http.send("GET", "/metrics")
        #expect(metrics.status == 200)
        let metricsText = String(decoding: metrics.body, as: UTF8.self)
        #expect(metricsText.contains("cove_messages_accepted_total"))
        #expect(!metricsText.contains(alice.token) && !metricsText.contains(bob.deviceId))
    }

    @Test("two nodes on one PostgreSQL: a message posted on one reaches a socket on the other")
    func crossNode() async throws {
        let url: String
        do {
            url = try await PostgresTestCluster.shared.createDatabase()
        } catch {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return
        }
        let nodeA = try await ServerProcess(database: url)
        defer { nodeA.stop() }
        let nodeB = try await ServerProcess(database: url)
        defer { nodeB.stop() }
        let httpA = HTTP(baseURL: nodeA.baseURL), httpB = HTTP(baseURL: nodeB.baseURL)
        let alice = try await TestDevice.register(httpA, username: "alice")
        var bob = try await TestDevice.register(httpB, username: "bob")
        bob.token = try await TestDevice.login(httpA, deviceId: bob.deviceId, key: bob.key)  // tokens work on every node
        let gid = MLSFixtures.random(12)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        let add = try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId]))
        #expect(add.status == 200)
        let start = ContinuousClock.now
        let pushed = try await collectPush(bob, port: nodeB.port, count: 11) {
            for i in 0..<10 {
                let m = SubmitMessageRequest(clientMessageId: "m\(i)", message: Base64Bytes(
                    MLSFixtures.application(group: gid, epoch: 1, ciphertext: MLSFixtures.random(30))))
                let answer = try await alice.send("POST", groupPath(gid) + "/messages", json: m)
                #expect(answer.status == 200)
            }
        }
        #expect(pushed.map(\.kind) == [.welcome] + Array(repeating: .application, count: 10))
        // Ordered as accepted, each exactly once.
        #expect(Set(pushed.map(\.seq)).count == 11 && pushed.map(\.seq) == pushed.map(\.seq).sorted())
        _ = start
    }
}

@Suite("Blobs and configuration against a live cove-server", .serialized)
struct BlobIntegrationTests {
    @Test("chunked, resumable blob upload and ranged download; settings from a config file")
    func blobs() async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("cove-config-\(UUID().uuidString).json").path
        try Data(#"{"maxBodyBytes": 4096, "registration": "token", "registrationTokens": ["let-me-in"]}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        defer { try? FileManager.default.removeItem(atPath: config) }
        let server = try await ServerProcess(extraArguments: ["--config", config])
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        // Registration needs the token from the file.
        let key = Base64Bytes(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        let refused = try await http.send("POST", "/v1/accounts", json: RegisterRequest(username: "eve", device: NewDevice(name: "x", signatureKey: key)))
        #expect(refused.status == 403 && refused.code == "auth.registration_closed")
        let keyPair = Curve25519.Signing.PrivateKey()
        let registered = try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: "alice", device: NewDevice(name: "x", signatureKey: Base64Bytes(Array(keyPair.publicKey.rawRepresentation))),
            registrationToken: "let-me-in"))
        #expect(registered.status == 201)
        let ids = try registered.decode(RegisterResponse.self)
        let token = try await TestDevice.login(http, deviceId: ids.deviceId, key: keyPair)
        // maxBodyBytes from the file applies to JSON bodies.
        let big = try await http.send("POST", "/v1/blobs", raw: Data(("{\"size\": 1" + String(repeating: " ", count: 5000) + "}").utf8), token: token)
        #expect(big.status == 413 && big.code == "request.body_too_large")

        let content = MLSFixtures.random(10_000)
        let created = try await http.send("POST", "/v1/blobs", json: CreateBlobRequest(size: Int64(content.count)), token: token)
        #expect(created.status == 201)
        let blob = try created.decode(BlobStatus.self)
        func put(_ range: Range<Int>, offset: Int) async throws -> HTTPAnswer {
            try await http.send("PUT", "/v1/blobs/\(blob.blobId)/chunks?offset=\(offset)", raw: Data(content[range]), token: token,
                                contentType: "application/octet-stream")
        }
        #expect(try await put(0..<4000, offset: 0).status == 200)
        let gap = try await put(6000..<10_000, offset: 6000)
        #expect(gap.status == 409 && gap.code == "blob.state")
        // Resume from the server's `received`.
        let status = try await http.send("GET", "/v1/blobs/\(blob.blobId)", token: token).decode(BlobStatus.self)
        #expect(status.received == 4000 && !status.complete)
        let notYet = try await http.send("GET", "/v1/blobs/\(blob.blobId)/content", token: token)
        #expect(notYet.status == 409 && notYet.code == "blob.state")
        #expect(try await put(4000..<10_000, offset: 4000).decode(BlobStatus.self).complete)
        let tooMuch = try await put(0..<1, offset: 10_000)
        #expect(tooMuch.status == 413 && tooMuch.code == "blob.too_large")
        let whole = try await http.send("GET", "/v1/blobs/\(blob.blobId)/content", token: token)
        #expect(whole.status == 200 && Array(whole.body) == content)
        let part = try await http.send("GET", "/v1/blobs/\(blob.blobId)/content?offset=3990&length=20", token: token)
        #expect(Array(part.body) == Array(content[3990..<4010]))
        let unknown = try await http.send("GET", "/v1/blobs/nope/content", token: token)
        #expect(unknown.status == 404 && unknown.code == "blob.unknown")
    }
}
