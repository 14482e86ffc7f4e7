import CoveProtocol
import Crypto
import Foundation
import Testing

/// Device links, revocation, GroupInfo and group listings against a live server.
@Suite("Device lifecycle and group recovery against a live cove-server", .serialized)
struct DeviceLinkIntegrationTests {
    @Test("link a device: announce, upload KeyPackages, approve, log in; then revoke it", arguments: Backend.allCases)
    func linkAndRevoke(_ backend: Backend) async throws {
        guard let server = try await startServer(backend) else { return }
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")

        let newKey = Curve25519.Signing.PrivateKey()
        let newPublic = Array(newKey.publicKey.rawRepresentation)
        let request = CreateDeviceLinkRequest(username: "alice", device: NewDevice(name: "tablet", signatureKey: Base64Bytes(newPublic)))
        let created = try await http.send("POST", "/v1/device-links", json: request)
        #expect(created.status == 201)
        let link = try created.decode(DeviceLinkResponse.self)
        #expect(link.linkId.utf8.count == 22 && !link.deviceId.isEmpty)
        let status = try await http.send("GET", "/v1/device-links/\(link.linkId)").decode(DeviceLinkStatus.self)
        #expect(status == DeviceLinkStatus(status: .pending, deviceId: link.deviceId))

        // KeyPackages on the link must carry alice/<reserved id> and the link's key.
        let identity = DeviceCredential(username: "alice", deviceId: link.deviceId).identity
        func upload(_ kps: [[UInt8]]) async throws -> HTTPAnswer {
            try await http.send("PUT", "/v1/device-links/\(link.linkId)/key-packages",
                                json: UploadKeyPackagesRequest(keyPackages: kps.map(Base64Bytes.init)))
        }
        let wrongIdentity = try await upload([MLSFixtures.keyPackage(identity: Array("alice/other".utf8), signatureKey: newPublic)])
        #expect(wrongIdentity.status == 400 && wrongIdentity.code == "keys.credential_mismatch")
        let wrongKey = try await upload([MLSFixtures.keyPackage(identity: identity)])
        #expect(wrongKey.status == 400 && wrongKey.code == "keys.credential_mismatch")
        let forged = try await upload([MLSFixtures.keyPackage(identity: identity, signatureKey: newPublic)])  // random signatures
        #expect(forged.status == 400 && forged.code == "keys.invalid_key_package")
        let kp = MLSFixtures.encoded(try MLSFixtures.realKeyPackage(identity: identity, key: newKey))
        let uploaded = try await upload([kp])
        #expect(uploaded.status == 200 && (try? uploaded.decode(KeyPackageCount.self).count) == 1)
        // Not claimable before approval.
        let early = try await bob.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(deviceIds: [link.deviceId]))
        #expect(early.status == 404 && early.code == "device.unknown")

        // Alice's devices see the pending link; bob's neither see nor approve it.
        let pending = try await alice.send("GET", "/v1/device-links").decode(DeviceLinkList.self)
        #expect(pending.links.map(\.linkId) == [link.linkId] && pending.links.first?.signatureKey.bytes == newPublic)
        #expect(try await bob.send("GET", "/v1/device-links").decode(DeviceLinkList.self).links.isEmpty)
        let foreign = try await bob.send("POST", "/v1/device-links/\(link.linkId)/approve")
        #expect(foreign.status == 403 && foreign.code == "auth.forbidden")
        let unknown = try await alice.send("POST", "/v1/device-links/AAAAAAAAAAAAAAAAAAAAAA/approve")
        #expect(unknown.status == 404 && unknown.code == "device_link.unknown")
        #expect(try await http.send("GET", "/v1/device-links/short").code == "device_link.unknown")

        let approved = try await alice.send("POST", "/v1/device-links/\(link.linkId)/approve")
        #expect(approved.status == 201)
        #expect(try approved.decode(RegisterResponse.self).deviceId == link.deviceId)
        #expect(try await http.send("GET", "/v1/device-links/\(link.linkId)").decode(DeviceLinkStatus.self).status == .approved)
        let twice = try await alice.send("POST", "/v1/device-links/\(link.linkId)/approve")
        #expect(twice.status == 409 && twice.code == "device_link.not_pending")
        let late = try await upload([kp])
        #expect(late.status == 409 && late.code == "device_link.not_pending")

        // The new device logs in with the reserved id; its KeyPackage is now in the directory.
        let tabletToken = try await TestDevice.login(http, deviceId: link.deviceId, key: newKey)
        let tablet = TestDevice(http: http, key: newKey, username: "alice", accountId: alice.accountId, deviceId: link.deviceId, token: tabletToken)
        #expect(try await tablet.send("GET", "/v1/devices").status == 200)
        let claimed = try await bob.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(deviceIds: [link.deviceId]))
        #expect(try claimed.decode(ClaimKeyPackagesResponse.self).keyPackages.first?.keyPackage.bytes == kp)

        // Revocation: only by the account; then the device is gone from the directory and cannot log in.
        let notYours = try await bob.send("DELETE", "/v1/devices/\(link.deviceId)")
        #expect(notYours.status == 404 && notYours.code == "device.unknown")
        let revoked = try await alice.send("DELETE", "/v1/devices/\(link.deviceId)")
        #expect(revoked.status == 200 && (try? revoked.decode(RevokeDeviceResponse.self).revoked) == true)
        let refused = try await tablet.send("GET", "/v1/devices")
        #expect(refused.status == 401 && refused.code == "auth.unauthenticated")
        let challenge = try await http.send("POST", "/v1/auth/challenge", json: ChallengeRequest(deviceId: link.deviceId))
        #expect(challenge.status == 404 && challenge.code == "device.unknown")
        let listed = try await bob.send("GET", "/v1/users/alice/devices").decode(DeviceList.self)
        #expect(listed.devices.map(\.deviceId) == [alice.deviceId])
        let own = try await alice.send("GET", "/v1/devices").decode(DeviceList.self)
        #expect(own.devices.count == 2 && own.devices.first { $0.deviceId == link.deviceId }?.revokedAt != nil)
        #expect(own.devices.first { $0.deviceId == alice.deviceId }?.revokedAt == nil)
        let claimRevoked = try await bob.send("POST", "/v1/key-packages/claim", json: ClaimKeyPackagesRequest(deviceIds: [link.deviceId]))
        #expect(claimRevoked.status == 404 && claimRevoked.code == "device.unknown")
        #expect(try await alice.send("DELETE", "/v1/devices/\(link.deviceId)").status == 200)  // idempotent

        // Bad link requests.
        let noUser = try await http.send("POST", "/v1/device-links", json: CreateDeviceLinkRequest(
            username: "nobody", device: NewDevice(name: "x", signatureKey: Base64Bytes(Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))))
        #expect(noUser.status == 404 && noUser.code == "account.unknown_user")
        let usedKey = try await http.send("POST", "/v1/device-links", json: CreateDeviceLinkRequest(
            username: "alice", device: NewDevice(name: "x", signatureKey: Base64Bytes(Array(bob.key.publicKey.rawRepresentation)))))
        #expect(usedKey.status == 409 && usedKey.code == "device.key_taken")
        let badKey = try await http.send("POST", "/v1/device-links", json: CreateDeviceLinkRequest(
            username: "alice", device: NewDevice(name: "x", signatureKey: Base64Bytes([1, 2]))))
        #expect(badKey.status == 400 && badKey.code == "device.invalid_signature_key")
    }

    @Test("GroupInfo stored with commits, members only; group listing; rejoin by external commit")
    func groupRecovery() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let http = HTTP(baseURL: server.baseURL)
        let alice = try await TestDevice.register(http, username: "alice")
        let bob = try await TestDevice.register(http, username: "bob")
        let carol = try await TestDevice.register(http, username: "carol")
        let gid = MLSFixtures.random(16)
        #expect(try await alice.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))).status == 201)
        let none = try await alice.send("GET", groupPath(gid) + "/group-info")
        #expect(none.status == 404 && none.code == "group.no_group_info")

        func commit(_ device: TestDevice, id: String, epoch: UInt64, external: Bool = false, groupInfo: [UInt8]? = nil,
                    added: [TestDevice] = [], removes: [UInt32] = []) async throws -> HTTPAnswer {
            try await device.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
                clientMessageId: id, commit: Base64Bytes(MLSFixtures.commit(
                    group: gid, epoch: epoch, adds: try added.map { try MLSFixtures.keyPackage(for: $0) }, removes: removes,
                    joiner: external ? device : nil)),
                welcome: added.isEmpty ? nil : Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: added.map(\.deviceId),
                groupInfo: groupInfo.map(Base64Bytes.init)))
        }
        let wrongEpoch = try await commit(alice, id: "c0", epoch: 0, groupInfo: MLSFixtures.groupInfo(group: gid, epoch: 0), added: [bob])
        #expect(wrongEpoch.status == 400 && wrongEpoch.code == "request.invalid_field")
        let wrongGroup = try await commit(alice, id: "c0", epoch: 0, groupInfo: MLSFixtures.groupInfo(group: [9], epoch: 1), added: [bob])
        #expect(wrongGroup.status == 400 && wrongGroup.code == "mls.group_mismatch")
        let notInfo = try await commit(alice, id: "c0", epoch: 0, groupInfo: MLSFixtures.welcome(), added: [bob])
        #expect(notInfo.status == 400 && notInfo.code == "mls.invalid_message")
        let info1 = MLSFixtures.groupInfo(group: gid, epoch: 1)
        #expect(try await commit(alice, id: "c1", epoch: 0, groupInfo: info1, added: [bob]).status == 200)

        let stored = try await bob.send("GET", groupPath(gid) + "/group-info").decode(LatestGroupInfo.self)
        #expect(stored == LatestGroupInfo(epoch: 1, groupInfo: Base64Bytes(info1)))
        let outsider = try await carol.send("GET", groupPath(gid) + "/group-info")
        #expect(outsider.status == 404 && outsider.code == "group.unknown")
        let groups = try await bob.send("GET", "/v1/groups").decode(GroupList.self)
        #expect(groups.groups.map(\.groupId) == [GroupID(gid)] && groups.groups.first?.epoch == 1)
        #expect(try await carol.send("GET", "/v1/groups").decode(GroupList.self).groups.isEmpty)

        // Bob lost his state and rejoins by external commit: accepted, membership unchanged.
        let info2 = MLSFixtures.groupInfo(group: gid, epoch: 2)
        let twoLeaves = try await commit(bob, id: "rejoin", epoch: 1, external: true, groupInfo: info2)  // keeps its old leaf
        #expect(twoLeaves.status == 400 && twoLeaves.code == "commit.membership_mismatch")
        let rejoin = try await commit(bob, id: "rejoin-2", epoch: 1, external: true, groupInfo: info2, removes: [1])
        #expect(rejoin.status == 200)
        let group = try await alice.send("GET", groupPath(gid)).decode(GroupInfoResponse.self)
        #expect(group.epoch == 2 && Set(group.memberDeviceIds) == [alice.deviceId, bob.deviceId])
        #expect(try await alice.fetch().map(\.kind) == [.commit])
        #expect(try await alice.send("GET", groupPath(gid) + "/group-info").decode(LatestGroupInfo.self).epoch == 2)
        // A device the server does not list as a member cannot join by external commit.
        let intruder = try await commit(carol, id: "x", epoch: 2, external: true, groupInfo: MLSFixtures.groupInfo(group: gid, epoch: 3))
        #expect(intruder.status == 403 && intruder.code == "auth.forbidden")
    }
}
