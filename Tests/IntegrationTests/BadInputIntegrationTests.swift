import CoveProtocol
import CoveTestSupport
import Crypto
import Foundation
import Testing

/// Malformed, oversized, unauthenticated and foreign requests: each gets a 4xx with its code,
/// never a 5xx, and nothing is stored.
@Suite("Bad input against a live cove-server", .serialized)
struct BadInputIntegrationTests {
    @Test("every bad request is a 4xx with its code and changes nothing")
    func badInput() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let mallory = try await TestDevice.register(http, username: "mallory")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        #expect(try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId])).status == 200)
        let bobBefore = try await bob.fetch()
        #expect(bobBefore.count == 1)

        func check(_ what: String, _ answer: HTTPAnswer, _ status: Int, _ code: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(answer.status == status, "\(what): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))",
                    sourceLocation: sourceLocation)
            #expect(answer.code == code, "\(what)", sourceLocation: sourceLocation)
            #expect(answer.error?.message.isEmpty == false, "\(what) has a message", sourceLocation: sourceLocation)
        }
        let messages = groupPath(gid) + "/messages"
        func raw(_ path: String, _ body: String, token: String? = alice.token, method: String = "POST") async throws -> HTTPAnswer {
            try await http.send(method, path, raw: Data(body.utf8), token: token)
        }

        // Shape of the body.
        check("malformed JSON", try await raw(messages, #"{"clientMessageId": "x", "message": "#), 400, "request.malformed_json")
        check("not JSON at all", try await raw("/v1/accounts", "hello", token: nil), 400, "request.malformed_json")
        check("wrong type", try await raw(messages, #"{"clientMessageId": 5, "message": "AAAA"}"#), 400, "request.invalid_field")
        check("missing field", try await raw(messages, #"{"message": "AAAA"}"#), 400, "request.invalid_field")
        check("array body", try await raw(messages, "[]"), 400, "request.invalid_field")
        check("invalid base64", try await raw(messages, #"{"clientMessageId": "x", "message": "not base64!"}"#), 400, "request.invalid_base64")
        check("non-canonical base64", try await raw(messages, #"{"clientMessageId": "x", "message": "AAA"}"#), 400, "request.invalid_base64")
        let big = "{\"clientMessageId\": \"x\", \"message\": \"" + String(repeating: "A", count: 3 << 20) + "\"}"
        check("oversized body", try await raw(messages, big), 413, "request.body_too_large")
        check("bad group id in path", try await raw("/v1/groups/***/messages", "{}"), 400, "request.invalid_base64")
        check("unknown endpoint", try await http.send("GET", "/v1/nothing-here"), 404, "request.not_found")

        // MLS content.
        func submit(_ bytes: [UInt8], id: String = "m") async throws -> HTTPAnswer {
            try await alice.send("POST", messages, json: SubmitMessageRequest(clientMessageId: id, message: Base64Bytes(bytes)))
        }
        check("random bytes as MLS", try await submit(MLSFixtures.random(64)), 400, "mls.invalid_message")
        check("truncated MLS", try await submit(Array(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [1, 2, 3]).dropLast())),
              400, "mls.invalid_message")
        check("empty MLS", try await submit([]), 400, "mls.invalid_message")
        check("commit sent as message", try await submit(MLSFixtures.commit(group: gid, epoch: 1)), 400, "mls.invalid_message")
        check("other group's message", try await submit(MLSFixtures.application(group: [1, 2, 3], epoch: 1, ciphertext: [1])),
              400, "mls.group_mismatch")
        check("future epoch", try await submit(MLSFixtures.application(group: gid, epoch: 7, ciphertext: [1])), 400, "group.epoch_ahead")
        check("application as commit", try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c2", commit: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [1])))),
              400, "mls.invalid_message")
        check("adds without welcome", try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c3", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 1)), addedDeviceIds: [mallory.deviceId])),
              400, "request.invalid_field")
        check("invalid key package", try await alice.send("POST", "/v1/key-packages", json: UploadKeyPackagesRequest(
            keyPackages: [Base64Bytes(MLSFixtures.welcome())])), 400, "keys.invalid_key_package")
        check("bad client message id", try await alice.send("POST", messages, json: SubmitMessageRequest(
            clientMessageId: "", message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [1])))),
              400, "request.invalid_field")

        // Registration input.
        let key = Base64Bytes(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation))
        check("bad username", try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: "Not Valid!", device: NewDevice(name: "x", signatureKey: key))), 400, "account.invalid_username")
        check("taken username", try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: "alice", device: NewDevice(name: "x", signatureKey: key))), 409, "account.username_taken")
        check("short signature key", try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: "eve", device: NewDevice(name: "x", signatureKey: Base64Bytes([1, 2, 3])))), 400, "device.invalid_signature_key")

        // Credentials.
        check("no token", try await http.send("GET", "/v1/messages"), 401, "auth.unauthenticated")
        check("unknown token", try await http.send("GET", "/v1/messages", token: "forged"), 401, "auth.unauthenticated")
        let challenge = try await http.send("POST", "/v1/auth/challenge", json: ChallengeRequest(deviceId: alice.deviceId))
            .decode(ChallengeResponse.self)
        let wrongSig = try mallory.key.signature(for: AuthChallenge.signedBytes(deviceId: alice.deviceId, nonce: challenge.nonce.bytes))
        check("signature by another key", try await http.send("POST", "/v1/auth/token", json: TokenRequest(
            deviceId: alice.deviceId, challengeId: challenge.challengeId, signature: Base64Bytes(Array(wrongSig)))),
              401, "auth.invalid_signature")
        let goodSig = try alice.key.signature(for: AuthChallenge.signedBytes(deviceId: alice.deviceId, nonce: challenge.nonce.bytes))
        check("replayed challenge", try await http.send("POST", "/v1/auth/token", json: TokenRequest(
            deviceId: alice.deviceId, challengeId: challenge.challengeId, signature: Base64Bytes(Array(goodSig)))),
              401, "auth.invalid_challenge")
        check("challenge for unknown device", try await http.send("POST", "/v1/auth/challenge", json: ChallengeRequest(deviceId: "nope")),
              404, "device.unknown")

        // Another device's ids.
        check("non-member posts", try await mallory.send("POST", messages, json: SubmitMessageRequest(
            clientMessageId: "x", message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: [1])))),
              403, "auth.forbidden")
        check("non-member commits", try await mallory.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "x", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 1)))), 403, "auth.forbidden")
        check("non-member reads group", try await mallory.send("GET", groupPath(gid)), 404, "group.unknown")
        let foreignAck = try await mallory.send("POST", "/v1/messages/ack", json: AckRequest(seqs: bobBefore.map(\.seq)))
        #expect(foreignAck.status == 200)
        let foreignRemoved = try foreignAck.decode(AckResponse.self).removed
        #expect(foreignRemoved == 0)
        check("claim for unknown device", try await mallory.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(
            deviceIds: ["nope"])), 404, "device.unknown")
        check("claim when exhausted", try await mallory.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(
            deviceIds: [bob.deviceId])), 404, "keys.exhausted")
        check("group id taken", try await mallory.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))),
              409, "group.exists")

        // Nothing was stored: bob's queue and the group are as before.
        #expect(try await bob.fetch() == bobBefore)
        let group = try await alice.send("GET", groupPath(gid)).decode(GroupInfoResponse.self)
        #expect(group.epoch == 1 && Set(group.memberDeviceIds) == [alice.deviceId, bob.deviceId])
        #expect(try await http.send("GET", "/health").status == 200)
    }

    @Test("the database never contains message plaintext", arguments: Backend.allCases)
    func noPlaintextAtRest(_ backend: Backend) async throws {
        var databaseURL: String? = nil
        if backend == .postgres {
            do {
                databaseURL = try await PostgresTestCluster.shared.createDatabase()
            } catch {
                if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
                return
            }
        }
        let server = try await ServerProcess(database: databaseURL)
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        #expect(try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId])).status == 200)
        // Clients encrypt before sending; the key never reaches the server.
        let key = SymmetricKey(size: .bits256)
        var markers: [String] = []
        for i in 0..<20 {
            let marker = "COVE-PLAINTEXT-\(UUID().uuidString)"
            markers.append(marker)
            let sealed = try AES.GCM.seal(Data(marker.utf8), using: key).combined!
            let answer = try await alice.send("POST", groupPath(gid) + "/messages", json: SubmitMessageRequest(
                clientMessageId: "m\(i)", message: Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: Array(sealed)))))
            #expect(answer.status == 200)
        }
        let received = try await bob.fetch()
        #expect(received.count == 21)
        // Bob can decrypt what he got (the server relayed the ciphertext intact).
        let opened = try received.filter { $0.kind == .application }.map { m -> String in
            guard case .privateMessage(let pm) = try MLSMessageDecoder.decode(m.payload.bytes) else { return "" }
            return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: Data(pm.ciphertext)), using: key), as: UTF8.self)
        }
        #expect(opened == markers)
        #expect(server.stop() == 0)  // graceful stop on SIGTERM
        var blobs: [(String, Data)] = []
        if let dir = server.dataDirectory {
            var files: [String] = []
            if let e = FileManager.default.enumerator(atPath: dir) { while let f = e.nextObject() as? String { files.append(dir + "/" + f) } }
            #expect(files.contains { $0.hasSuffix("cove.sqlite") })
            for file in files { if let data = FileManager.default.contents(atPath: file) { blobs.append((file, data)) } }
        } else if let databaseURL {
            let dump = try await PostgresTestCluster.shared.dump(url: databaseURL)
            #expect(dump.count > 1000 && dump.range(of: Data("alice".utf8)) != nil)  // the dump is real
            blobs.append(("pg_dump", dump))
        }
        for (name, data) in blobs {
            for marker in markers {
                // Raw bytes (SQLite files) and hex (how pg_dump writes bytea).
                let hex = marker.utf8.map { String(format: "%02x", $0) }.joined()
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(marker) found in \(name)")
                #expect(data.range(of: Data(hex.utf8)) == nil, "\(marker) (hex) found in \(name)")
            }
        }
    }

    @Test("accepted messages survive a graceful restart and are delivered once")
    func restart() async throws {
        let first = try await ServerProcess()
        first.removeDataOnDeinit = false  // the second process takes the directory over
        let dir = try #require(first.dataDirectory)
        let http = HTTP(baseURL: first.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let gid = MLSFixtures.random(8)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        #expect(try await alice.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
            clientMessageId: "c1", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: bob)])),
            welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [bob.deviceId])).status == 200)
        var sent: [Base64Bytes] = []
        for i in 0..<50 {
            let payload = Base64Bytes(MLSFixtures.application(group: gid, epoch: 1, ciphertext: MLSFixtures.random(64)))
            #expect(try await alice.send("POST", groupPath(gid) + "/messages", json: SubmitMessageRequest(
                clientMessageId: "m\(i)", message: payload)).status == 200)
            sent.append(payload)
        }
        #expect(first.stop() == 0)
        let second = try await ServerProcess(dataDirectory: dir)
        defer { second.stop() }
        var bobAgain = bob
        bobAgain = TestDevice(http: HTTP(baseURL: second.baseURL), key: bob.key, username: bob.username, accountId: bob.accountId,
                              deviceId: bob.deviceId, token: bob.token)  // tokens are stored: still valid after restart
        let queue = try await bobAgain.fetch()
        #expect(queue.map(\.kind) == [.welcome] + Array(repeating: .application, count: 50))
        #expect(Array(queue.dropFirst().map(\.payload)) == sent)
        try await bobAgain.ack(queue)
        #expect(try await bobAgain.fetch().isEmpty)
    }
}

@Suite("Limits against a live cove-server", .serialized)
struct LimitIntegrationTests {
    @Test("rate limits per device and per address answer 429 request.rate_limited with Retry-After")
    func rateLimits() async throws {
        // Bursts with a refill so slow (one request per 100 s) that no amount of machine load
        // between two requests lets a token come back during the test.
        let server = try await ServerProcess(extraArguments: [
            "--device-rate-limit", "0.01", "--device-rate-burst", "4",
            "--address-rate-limit", "0.01", "--address-rate-burst", "40",
        ])
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        // Per device: a burst of 4, then 429.
        let alice = try await TestDevice.register(http, username: "alice")
        var deviceCodes: [Int] = []
        for _ in 0..<8 { deviceCodes.append(try await alice.send("GET", "/v1/devices").status) }
        #expect(deviceCodes == [200, 200, 200, 200, 429, 429, 429, 429], "\(deviceCodes)")
        // Per address: a burst of 40 (registration and the requests above took some); hammering
        // the challenge endpoint hits the limit.
        var codes: [Int] = []
        var limited: HTTPAnswer? = nil
        for _ in 0..<60 {
            let answer = try await http.send("POST", "/v1/auth/challenge", json: ChallengeRequest(deviceId: "nobody"))
            codes.append(answer.status)
            if answer.status == 429 { limited = answer; break }
        }
        let answer = try #require(limited, "no 429 among \(codes)")
        #expect(answer.code == "request.rate_limited" && (answer.error?.retryAfter ?? 0) >= 1)
        #expect(codes.allSatisfy { $0 == 404 || $0 == 429 })
        #expect(try await http.send("GET", "/health").status == 200)  // health is never limited
    }

    @Test("an expired token is refused with auth.unauthenticated; a fresh login works")
    func expiredToken() async throws {
        let server = try await ServerProcess(extraArguments: ["--token-lifetime-seconds", "1"])
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        #expect(try await alice.send("GET", "/v1/devices").status == 200)
        try await Task.sleep(for: .milliseconds(2500))
        let expired = try await alice.send("GET", "/v1/devices")
        #expect(expired.status == 401 && expired.code == "auth.unauthenticated")
        let token = try await TestDevice.login(http, deviceId: alice.deviceId, key: alice.key)
        #expect(try await http.send("GET", "/v1/devices", token: token).status == 200)
    }
}
