import CoveProtocol
import CoveTestSupport
import CoveTransparency
import Crypto
import Foundation
import MLS
import Testing

/// A client's view of the server's transparency log, verified with CoveTransparency exactly as
/// the SDK does: pinned key, every checkpoint consistent with the last, every device key proven.
struct LogClient {
    let http: HTTP
    var verifier: LogVerifier

    /// Pins the log key the server publishes (as `cove init` does).
    static func pin(_ http: HTTP) async throws -> LogClient {
        let answer = try await http.send("GET", "/v1/transparency/key")
        try TestDevice.expect(answer, 200, "transparency key")
        let key = try answer.decode(TransparencyKeyResponse.self)
        let publicKey = try LogPublicKey(rawRepresentation: key.publicKey.bytes)
        #expect(key.fingerprint == publicKey.fingerprint)
        return LogClient(http: http, verifier: try LogVerifier(publicKey: publicKey, origin: Array(key.origin.utf8)))
    }

    /// Accepts `encoded` as the newest checkpoint after checking consistency with the last one.
    mutating func advance(to encoded: Base64Bytes) async throws -> SignedCheckpoint {
        let checkpoint = try SignedCheckpoint.decode(encoded.bytes)
        var proof: [[UInt8]] = []
        if let old = verifier.latest, old.checkpoint.size < checkpoint.checkpoint.size {
            let answer = try await http.send(
                "GET", "/v1/transparency/consistency?from=\(old.checkpoint.size)&to=\(checkpoint.checkpoint.size)")
            try TestDevice.expect(answer, 200, "consistency")
            proof = try answer.decode(ConsistencyProofResponse.self).proof.map(\.bytes)
        }
        try verifier.verify(checkpoint, consistencyProof: proof)
        return checkpoint
    }

    /// Verifies a device's inclusion under `checkpoint` and that the entry names this device
    /// and key; returns the entry.
    func verifyDevice(_ inclusion: LogInclusion?, username: String, deviceId: String, key: [UInt8],
                      checkpoint: SignedCheckpoint) throws -> LogEntry {
        guard let inclusion else { throw UnexpectedAnswer(description: "no inclusion proof for \(deviceId)") }
        let entry = try LogEntry.decode(inclusion.entry.bytes)
        #expect(entry.event == .deviceAdded)
        #expect(entry.userID == Array(username.utf8))
        #expect(entry.deviceID == Array(deviceId.utf8))
        #expect(entry.signatureKey == key)
        try verifier.verifyInclusion(entry, index: inclusion.index, proof: inclusion.proof.map(\.bytes), checkpoint: checkpoint)
        return entry
    }

    func checkpoint() async throws -> CheckpointResponse {
        let answer = try await http.send("GET", "/v1/transparency/checkpoint")
        try TestDevice.expect(answer, 200, "checkpoint")
        return try answer.decode(CheckpointResponse.self)
    }
}

/// `AuditLogSource` over the HTTP endpoints (what `cove audit` will use).
struct HTTPAuditSource: AuditLogSource {
    let http: HTTP

    func latestCheckpoint() async throws(TransparencyError) -> SignedCheckpoint {
        do {
            let answer = try await http.send("GET", "/v1/transparency/checkpoint")
            return try SignedCheckpoint.decode(try answer.decode(CheckpointResponse.self).checkpoint.bytes)
        } catch let error as TransparencyError {
            throw error
        } catch {
            throw TransparencyError(.storage, "checkpoint request failed")
        }
    }

    func entries(start: UInt64, end: UInt64) async throws(TransparencyError) -> [[UInt8]] {
        do {
            let answer = try await http.send("GET", "/v1/transparency/entries?start=\(start)&end=\(end)")
            let page = try answer.decode(LogEntriesResponse.self)
            guard page.start == start else { throw TransparencyError(.storage, "page start") }
            return page.entries.map(\.bytes)
        } catch let error as TransparencyError {
            throw error
        } catch {
            throw TransparencyError(.storage, "entries request failed")
        }
    }
}

/// A KeyPackage carrying the device's credential and signature key.
func deviceKeyPackage(_ device: TestDevice) throws -> [UInt8] {
    // The server verifies KeyPackage signatures: a real one, signed with the device's key.
    MLSFixtures.encoded(try MLSFixtures.keyPackage(for: device))
}

@Suite("Key transparency against a live cove-server", .serialized)
struct TransparencyIntegrationTests {
    @Test("device keys in answers carry inclusion proofs that verify; the log audits clean", arguments: Backend.allCases)
    func proofsInAnswers(_ backend: Backend) async throws {
        guard let server = try await startServer(backend) else { return }
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        var client = try await LogClient.pin(http)
        let empty = try await client.checkpoint()
        #expect(empty.treeSize == 0)
        _ = try await client.advance(to: empty.checkpoint)

        // Registration answers prove the new device's own entry.
        let aliceKey = Curve25519.Signing.PrivateKey()
        let registered = try await http.send("POST", "/v1/accounts", json: RegisterRequest(
            username: "alice", device: NewDevice(name: "laptop", signatureKey: Base64Bytes(Array(aliceKey.publicKey.rawRepresentation)))))
        try TestDevice.expect(registered, 201, "register")
        let response = try registered.decode(RegisterResponse.self)
        let first = try await client.advance(to: try #require(response.checkpoint))
        _ = try client.verifyDevice(response.inclusion, username: "alice", deviceId: response.deviceId,
                                    key: Array(aliceKey.publicKey.rawRepresentation), checkpoint: first)
        let alice = TestDevice(http: http, key: aliceKey, username: "alice", accountId: response.accountId, deviceId: response.deviceId,
                               token: try await TestDevice.login(http, deviceId: response.deviceId, key: aliceKey))
        let alicePhone = try await alice.link(name: "phone")
        let bob = try await TestDevice.register(http, username: "bob")

        // Bob looks up Alice's devices: every key is proven against the answer's checkpoint.
        let listed = try await bob.send("GET", "/v1/users/alice/devices")
        try TestDevice.expect(listed, 200, "user devices")
        let list = try listed.decode(DeviceList.self)
        let checkpoint = try await client.advance(to: try #require(list.checkpoint))
        #expect(checkpoint.checkpoint.size == 3)
        #expect(list.devices.count == 2)
        for device in list.devices {
            _ = try client.verifyDevice(device.inclusion, username: "alice", deviceId: device.deviceId,
                                        key: device.signatureKey.bytes, checkpoint: checkpoint)
        }
        // A tampered proof or a key swapped in by the server does not verify.
        var forged = try #require(list.devices.first?.inclusion)
        forged.proof[0] = Base64Bytes([UInt8](repeating: 7, count: 32))
        #expect(throws: TransparencyError.self) {
            _ = try client.verifier.verifyInclusion(try LogEntry.decode(forged.entry.bytes), index: forged.index,
                                                    proof: forged.proof.map(\.bytes), checkpoint: checkpoint)
        }
        var ghost = try LogEntry.decode(try #require(list.devices.first?.inclusion).entry.bytes)
        ghost.signatureKey = Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)
        #expect(throws: TransparencyError.self) {
            try client.verifier.verifyInclusion(ghost, index: forged.index, proof: try #require(list.devices.first?.inclusion).proof.map(\.bytes),
                                                checkpoint: checkpoint)
        }

        // Own devices, and a claimed KeyPackage: same proofs; the KeyPackage's key is the logged one.
        let own = try (try await alice.send("GET", "/v1/devices")).decode(DeviceList.self)
        let ownCheckpoint = try await client.advance(to: try #require(own.checkpoint))
        for device in own.devices {
            _ = try client.verifyDevice(device.inclusion, username: "alice", deviceId: device.deviceId,
                                        key: device.signatureKey.bytes, checkpoint: ownCheckpoint)
        }
        let upload = try await alicePhone.send("POST", "/v1/key-packages", json: UploadKeyPackagesRequest(
            keyPackages: [Base64Bytes(try deviceKeyPackage(alicePhone))]))
        try TestDevice.expect(upload, 200, "upload key package")
        let claim = try await bob.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(deviceIds: [alicePhone.deviceId]))
        try TestDevice.expect(claim, 200, "claim")
        let claimed = try claim.decode(ClaimKeyPackagesResponse.self)
        let claimCheckpoint = try await client.advance(to: try #require(claimed.checkpoint))
        let kp = try #require(claimed.keyPackages.first)
        guard case .keyPackage(let package) = try MLSMessage(mlsEncoded: kp.keyPackage.bytes).body else {
            Issue.record("not a KeyPackage")
            return
        }
        _ = try client.verifyDevice(kp.inclusion, username: "alice", deviceId: alicePhone.deviceId,
                                    key: package.leafNode.signatureKey, checkpoint: claimCheckpoint)

        // Inclusion by index for an older tree size, and the auditor over the whole log.
        let byIndex = try (try await http.send("GET", "/v1/transparency/inclusion?index=0&size=2")).decode(InclusionProofResponse.self)
        let rootAt2 = try await HTTPAuditSource(http: http).entries(start: 0, end: 2).map { MerkleHash.leafHash($0) }
        try ProofVerifier.verifyInclusion(leafHash: MerkleHash.leafHash(byIndex.entry.bytes), index: 0, treeSize: 2,
                                          proof: byIndex.proof.map(\.bytes), rootHash: MerkleHash.root(leafHashes: rootAt2))
        var state = AuditorState(origin: client.verifier.origin, publicKey: client.verifier.publicKey)
        let report = try await Auditor.audit(state: &state, source: HTTPAuditSource(http: http), pageSize: 2)
        #expect(report.newSize == 3)
        #expect(state.rootHash == client.verifier.latest?.checkpoint.rootHash)

        // Requests outside the log are client errors.
        let beyond = try await http.send("GET", "/v1/transparency/consistency?from=1&to=99")
        #expect(beyond.status == 400 && beyond.code == "transparency.out_of_range")
        let missing = try await http.send("GET", "/v1/transparency/inclusion?index=0")
        #expect(missing.status == 400 && missing.code == "request.invalid_field")
        let reversed = try await http.send("GET", "/v1/transparency/entries?start=2&end=1")
        #expect(reversed.status == 400)
    }

    @Test("an approved device link is proven in the answer; a revocation appends a revoke entry", arguments: Backend.allCases)
    func linkAndRevoke(_ backend: Backend) async throws {
        guard let server = try await startServer(backend) else { return }
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        var client = try await LogClient.pin(http)
        let alice = try await TestDevice.register(http, username: "alice")

        // A new device asks to join; the approval answer proves its device_added entry.
        let tabletKey = Curve25519.Signing.PrivateKey()
        let tabletPublic = Array(tabletKey.publicKey.rawRepresentation)
        let created = try await http.send("POST", "/v1/device-links", json: CreateDeviceLinkRequest(
            username: "alice", device: NewDevice(name: "tablet", signatureKey: Base64Bytes(tabletPublic))))
        try TestDevice.expect(created, 201, "create link")
        let link = try created.decode(DeviceLinkResponse.self)
        let approved = try await alice.send("POST", "/v1/device-links/\(link.linkId)/approve")
        try TestDevice.expect(approved, 201, "approve")
        let answer = try approved.decode(RegisterResponse.self)
        let afterLink = try await client.advance(to: try #require(answer.checkpoint))
        #expect(afterLink.checkpoint.size == 2)
        _ = try client.verifyDevice(answer.inclusion, username: "alice", deviceId: link.deviceId, key: tabletPublic,
                                    checkpoint: afterLink)

        // Revocation: the log grows by one device_revoked entry repeating the key, consistently.
        let revoked = try await alice.send("DELETE", "/v1/devices/\(link.deviceId)")
        try TestDevice.expect(revoked, 200, "revoke")
        let head = try await client.advance(to: try await client.checkpoint().checkpoint)
        #expect(head.checkpoint.size == 3)
        let last = try await HTTPAuditSource(http: http).entries(start: 2, end: 3).map { try LogEntry.decode($0) }
        #expect(last.count == 1)
        #expect(last.first?.event == .deviceRevoked)
        #expect(last.first?.userID == Array("alice".utf8))
        #expect(last.first?.deviceID == Array(link.deviceId.utf8))
        #expect(last.first?.signatureKey == tabletPublic)
        let byIndex = try (try await http.send("GET", "/v1/transparency/inclusion?index=2&size=3")).decode(InclusionProofResponse.self)
        #expect(byIndex.entry.bytes == last.first?.leafInput)
        try client.verifier.verifyInclusion(try LogEntry.decode(byIndex.entry.bytes), index: 2, proof: byIndex.proof.map(\.bytes),
                                            checkpoint: head)
        // Revoking again changes nothing; the revoked device is no longer handed out.
        _ = try await alice.send("DELETE", "/v1/devices/\(link.deviceId)")
        #expect(try await client.checkpoint().treeSize == 3)
        let listed = try (try await alice.send("GET", "/v1/users/alice/devices")).decode(DeviceList.self)
        #expect(listed.devices.map(\.deviceId) == [alice.deviceId])
    }

    @Test("the log, its key and its checkpoint survive a restart")
    func survivesRestart() async throws {
        let first = try await ServerProcess()
        first.removeDataOnDeinit = false
        let directory = try #require(first.dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var client = try await LogClient.pin(HTTP(baseURL: first.baseURL))
        _ = try await TestDevice.register(HTTP(baseURL: first.baseURL), username: "alice")
        _ = try await TestDevice.register(HTTP(baseURL: first.baseURL), username: "bob")
        let before = try await client.checkpoint()
        _ = try await client.advance(to: before.checkpoint)
        #expect(first.stop() == 0)

        let second = try await ServerProcess(dataDirectory: directory)
        defer { second.stop() }
        let http = HTTP(baseURL: second.baseURL)
        let pinnedAgain = try await LogClient.pin(http)
        #expect(pinnedAgain.verifier.publicKey == client.verifier.publicKey)
        client = LogClient(http: http, verifier: client.verifier)
        #expect(try await client.checkpoint() == before)
        _ = try await TestDevice.register(http, username: "carol")
        let after = try await client.advance(to: try await client.checkpoint().checkpoint)
        #expect(after.checkpoint.size == 3)
    }

    @Test("two nodes on one PostgreSQL serve one log")
    func twoNodes() async throws {
        let url: String
        do {
            url = try await PostgresTestCluster.shared.createDatabase()
        } catch let error as PostgresTestCluster.Unavailable {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return
        }
        let a = try await ServerProcess(database: url)
        defer { a.stop() }
        let b = try await ServerProcess(database: url)
        defer { b.stop() }
        let httpA = HTTP(baseURL: a.baseURL), httpB = HTTP(baseURL: b.baseURL)
        let keyA = try (try await httpA.send("GET", "/v1/transparency/key")).decode(TransparencyKeyResponse.self)
        let keyB = try (try await httpB.send("GET", "/v1/transparency/key")).decode(TransparencyKeyResponse.self)
        #expect(keyA == keyB)
        // Registrations on both nodes at once append to one log.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask { _ = try await TestDevice.register(i % 2 == 0 ? httpA : httpB, username: "user\(i)") }
            }
            try await group.waitForAll()
        }
        let clientA = try await LogClient.pin(httpA), clientB = try await LogClient.pin(httpB)
        let headA = try await clientA.checkpoint(), headB = try await clientB.checkpoint()
        #expect(headA == headB)
        #expect(headA.treeSize == 8)
        var state = AuditorState(origin: clientA.verifier.origin, publicKey: clientA.verifier.publicKey)
        _ = try await Auditor.audit(state: &state, source: HTTPAuditSource(http: httpB))
        #expect(state.size == 8)
    }
}
