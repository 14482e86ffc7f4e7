import CoveProtocol
import Crypto
import Foundation
import MLS
import Testing

/// The server's membership checks: KeyPackage uploads carry the uploader's credential, key and
/// valid signatures; a commit's Adds and Removes, replayed on the server's leaf map, must match
/// the device ids it declares. Every refusal leaves the group as it was.
@Suite("Commit and KeyPackage validation against a live cove-server", .serialized)
struct CommitValidationIntegrationTests {
    @Test("KeyPackage uploads: the uploader's credential and key, valid signatures")
    func keyPackageUploads() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        func upload(_ kp: [UInt8], last: Bool = false) async throws -> HTTPAnswer {
            try await alice.send("POST", "/v1/key-packages", json: last
                ? UploadKeyPackagesRequest(keyPackages: [], lastResort: Base64Bytes(kp))
                : UploadKeyPackagesRequest(keyPackages: [Base64Bytes(kp)]))
        }
        let aliceIdentity = DeviceCredential(username: "alice", deviceId: alice.deviceId).identity
        let bobs = try await upload(MLSFixtures.encoded(try MLSFixtures.keyPackage(for: bob)))  // bob's, uploaded by alice
        #expect(bobs.status == 400 && bobs.code == "keys.credential_mismatch")
        let otherKey = try await upload(MLSFixtures.encoded(try MLSFixtures.realKeyPackage(identity: aliceIdentity, key: bob.key)))
        #expect(otherKey.status == 400 && otherKey.code == "keys.credential_mismatch")
        let plainName = try await upload(MLSFixtures.encoded(try MLSFixtures.realKeyPackage(identity: Array("alice".utf8), key: alice.key)))
        #expect(plainName.status == 400 && plainName.code == "keys.credential_mismatch")
        let badSignature = try await upload(MLSFixtures.keyPackage(identity: aliceIdentity, signatureKey: Array(alice.key.publicKey.rawRepresentation)))
        #expect(badSignature.status == 400 && badSignature.code == "keys.invalid_key_package")
        let badLastResort = try await upload(MLSFixtures.encoded(try MLSFixtures.keyPackage(for: bob)), last: true)
        #expect(badLastResort.status == 400 && badLastResort.code == "keys.credential_mismatch")
        #expect(try await alice.send("GET", "/v1/key-packages/count").decode(KeyPackageCount.self) == KeyPackageCount(count: 0, hasLastResort: false))
        let good = try await upload(MLSFixtures.encoded(try MLSFixtures.keyPackage(for: alice)))
        #expect(good.status == 200 && (try? good.decode(KeyPackageCount.self).count) == 1)
    }

    @Test("commits: Adds and Removes must match the declared devices; leaf placement; proposals by reference")
    func commits() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let alice2 = try await alice.link(name: "phone")
        let bob = try await TestDevice.register(http, username: "bob")
        let carol = try await TestDevice.register(http, username: "carol")
        let mallory = try await TestDevice.register(http, username: "mallory")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        var counter = 0
        func submit(_ device: TestDevice, _ commit: [UInt8], added: [TestDevice] = [], removed: [TestDevice] = []) async throws -> HTTPAnswer {
            counter += 1
            return try await device.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
                clientMessageId: "c\(counter)", commit: Base64Bytes(commit),
                welcome: added.isEmpty ? nil : Base64Bytes(MLSFixtures.welcome()),
                addedDeviceIds: added.map(\.deviceId), removedDeviceIds: removed.map(\.deviceId)))
        }
        func refused(_ answer: HTTPAnswer, _ what: String, code: String = "commit.membership_mismatch",
                     sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(answer.status == 400 && answer.code == code,
                    "\(what): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        func epoch() async throws -> UInt64 { try await alice.send("GET", groupPath(gid)).decode(GroupInfoResponse.self).epoch }
        let bobKP = try MLSFixtures.keyPackage(for: bob), carolKP = try MLSFixtures.keyPackage(for: carol)

        // Adds against the directory and the declaration.
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [bobKP]), added: [carol]), "adds bob, declares carol")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [bobKP]), added: [bob, carol]), "declares one more")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [bobKP, bobKP]), added: [bob]), "bob twice")
        let bobIdentity = DeviceCredential(username: "bob", deviceId: bob.deviceId).identity
        let wrongKey = try MLSFixtures.realKeyPackage(identity: bobIdentity, key: mallory.key)
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [wrongKey]), added: [bob]), "not bob's directory key")
        let wrongUser = try MLSFixtures.realKeyPackage(identity: DeviceCredential(username: "carol", deviceId: bob.deviceId).identity, key: bob.key)
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [wrongUser]), added: [bob]), "user name not bob's")
        guard case .keyPackage(let forged) = try MLSMessage(mlsEncoded: MLSFixtures.keyPackage(
            identity: bobIdentity, signatureKey: Array(bob.key.publicKey.rawRepresentation))).body else { return }
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [forged]), added: [bob]), "signatures do not verify")
        let unknown = try MLSFixtures.realKeyPackage(identity: Array("bob/no-such-device".utf8), key: bob.key)
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [unknown]), added: [bob]), "unknown device")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, sender: 1, adds: [bobKP]), added: [bob]), "sender leaf 1 is nobody")
        let foreignPath = MLSFixtures.commit(group: gid, epoch: 0, adds: [bobKP], path: MLSFixtures.leafNode(for: mallory))
        refused(try await submit(alice, foreignPath, added: [bob]), "path leaf with another device's credential")
        #expect(try await epoch() == 0)

        // Valid: bob at leaf 1, carol at leaf 2 (the creator is leaf 0).
        let first = try await submit(alice, MLSFixtures.commit(group: gid, epoch: 0, adds: [bobKP, carolKP],
                                                               path: MLSFixtures.leafNode(for: alice)), added: [carol, bob])
        #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")

        // Removes against the leaf map and the declaration.
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1, removes: [2]), removed: [bob]), "removes carol, declares bob")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1, removes: [2])), "undeclared removal")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1, removes: [5]), removed: [bob]), "blank leaf")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1), removed: [bob]), "declared, not removed")
        // A revoked device cannot be added.
        #expect(try await alice.send("DELETE", "/v1/devices/\(alice2.deviceId)").status == 200)
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1, adds: [try MLSFixtures.keyPackage(for: alice2)]),
                                 added: [alice2]), "revoked device")
        #expect(try await epoch() == 1)
        #expect(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 1, removes: [2]), removed: [carol]).status == 200)

        // Leaf 2 is blank: an Add by reference (bob's proposal) puts dave there.
        let dave = try await TestDevice.register(http, username: "dave")
        let proposal = try MLSFixtures.proposal(group: gid, epoch: 2, sender: 1, .add(AddProposal(keyPackage: try MLSFixtures.keyPackage(for: dave))))
        #expect(try await bob.send("POST", groupPath(gid) + "/messages", json: SubmitMessageRequest(
            clientMessageId: "p1", message: Base64Bytes(proposal.message))).status == 200)
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 2, refs: [MLSFixtures.random(32)]), added: [dave]),
                "unknown reference", code: "commit.unknown_proposal")
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 2, refs: [proposal.ref])), "reference adds dave, undeclared")
        let byRef = try await submit(alice, MLSFixtures.commit(group: gid, epoch: 2, refs: [proposal.ref]), added: [dave])
        #expect(byRef.status == 200, "\(String(decoding: byRef.body, as: UTF8.self))")
        // Dave holds leaf 2: he may commit as leaf 2, not as leaf 1.
        refused(try await submit(dave, MLSFixtures.commit(group: gid, epoch: 3, sender: 1)), "dave is not leaf 1")
        #expect(try await submit(dave, MLSFixtures.commit(group: gid, epoch: 3, sender: 2)).status == 200)

        // Remove bob (leaf 1); dave rejoins by external commit removing his leaf 2: he lands on leaf 1.
        #expect(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 4, removes: [1]), removed: [bob]).status == 200)
        refused(try await submit(dave, MLSFixtures.commit(group: gid, epoch: 5, refs: [proposal.ref], joiner: dave)),
                "external commit with a reference", code: "mls.invalid_message")
        let rejoin = try await submit(dave, MLSFixtures.commit(group: gid, epoch: 5, removes: [2], joiner: dave))
        #expect(rejoin.status == 200, "\(String(decoding: rejoin.body, as: UTF8.self))")
        refused(try await submit(dave, MLSFixtures.commit(group: gid, epoch: 6, sender: 2)), "dave left leaf 2")
        #expect(try await submit(dave, MLSFixtures.commit(group: gid, epoch: 6, sender: 1)).status == 200)
        let group = try await alice.send("GET", groupPath(gid)).decode(GroupInfoResponse.self)
        #expect(group.epoch == 7 && Set(group.memberDeviceIds) == [alice.deviceId, dave.deviceId])

        // Dave revokes his device: no longer a member on the server, but his leaf stays until a
        // commit removes it, declaring him.
        #expect(try await dave.send("DELETE", "/v1/devices/\(dave.deviceId)").status == 200)
        #expect(try await alice.send("GET", groupPath(gid)).decode(GroupInfoResponse.self).memberDeviceIds == [alice.deviceId])
        refused(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 7, removes: [1])), "revoked device's removal undeclared")
        #expect(try await submit(alice, MLSFixtures.commit(group: gid, epoch: 7, removes: [1]), removed: [dave]).status == 200)
    }
}
