@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

/// Safety numbers through the SDK: confirmation, and what sending does when a verified
/// contact's devices change (policy block or warn).
@Suite("Contact verification in the SDK", .serialized)
struct TransparencyVerificationTests {
    func verificationAlerts(_ events: [ClientEvent]) -> [ClientAlert] {
        events.compactMap { if case .alert(let alert) = $0, alert.kind == "verification" { alert } else { nil } }
    }

    func expectCode(_ code: CoveClientError.Code, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(code.rawValue), got success")
        } catch let error as CoveClientError {
            #expect(error.code == code, "\(error.code.rawValue): \(error.message)")
            #expect(error.hint != nil)
        } catch {
            Issue.record("expected \(code.rawValue), got \(error)")
        }
    }

    @Test("a verified contact's new device stops sending (block) or alerts once (warn) until accepted or re-verified")
    func verifiedContactChange() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let homes = (0..<4).map { _ in ClientHome() }
        let open = TransparencyClientTests.OpenClients()
        do {
            let alice = open.add(try await CoveClient.initialize(home: homes[0].path, server: server.baseURL, username: "alice"))
            let bob = open.add(try await CoveClient.initialize(home: homes[1].path, server: server.baseURL, username: "bob"))
            let carol = open.add(try await CoveClient.initialize(home: homes[2].path, server: server.baseURL, username: "carol"))

            // Both sides compute the same number; nobody is verified yet.
            let number = try await alice.safetyNumber(with: "bob")
            #expect(number.status == .unverified)
            #expect(try await bob.safetyNumber(with: "alice").safetyNumber == number.safetyNumber)
            await expectCode(.invalidInput) { _ = try await alice.safetyNumber(with: "alice") }
            await expectCode(.verifyNotVerified) { _ = try await alice.acceptContactDevices(of: "bob") }
            // A wrong number changes nothing.
            let other = try await alice.safetyNumber(with: "carol").safetyNumber
            await expectCode(.verifyMismatch) { _ = try await alice.confirmSafetyNumber(other.description, for: "bob") }
            #expect(try await alice.safetyNumber(with: "bob").status == .unverified)

            let confirmed = try await alice.confirmSafetyNumber(number.safetyNumber.lines.joined(separator: "\n"), for: "bob")
            #expect(confirmed.status == .verified)
            #expect(try await alice.verificationPolicy() == .block)
            _ = try await alice.send(to: "bob", text: "one")
            let team = try await alice.createGroup(name: "team", members: ["bob", "carol"])
            _ = try await alice.send(conversation: team.id, text: "two")

            // Bob links a tablet; his device (the approver) adds it to his conversations.
            let tablet = open.add(try await CoveClient.requestLink(home: homes[3].path, server: server.baseURL, username: "bob", deviceName: "tablet"))
            #expect(texts(try await syncUntil(bob) { texts($0).count >= 2 }) == ["one", "two"])
            try await bob.approveLink(code: tablet.linkCode)
            try await tablet.waitForLinkApproval(timeout: .seconds(30))
            let changed = try await alice.safetyNumber(with: "bob")
            #expect(changed.status == .changed)
            #expect(changed.added == [tablet.deviceId])
            #expect(changed.safetyNumber != number.safetyNumber)

            // Block: neither the direct chat nor the group with bob sends; a chat without bob does.
            await expectCode(.verifyContactChanged) { _ = try await alice.send(to: "bob", text: "three") }
            await expectCode(.verifyContactChanged) { _ = try await alice.send(conversation: team.id, text: "three") }
            _ = try await alice.send(to: "carol", text: "to carol only")
            #expect(texts(try await bob.sync()).isEmpty)

            // Warn: sent, one alert for this change however many sends.
            try await alice.setVerificationPolicy(.warn)
            _ = try await alice.send(to: "bob", text: "four")
            _ = try await alice.send(conversation: team.id, text: "five")
            let warned = verificationAlerts(try await alice.sync())
            #expect(warned.count == 1)
            #expect(warned.first?.message.contains(tablet.deviceId) == true)
            #expect(texts(try await syncUntil(tablet) { texts($0).count >= 2 }) == ["four", "five"])

            // Accept under block: sending works; a contact accepted is not verified.
            try await alice.setVerificationPolicy(.block)
            await expectCode(.verifyContactChanged) { _ = try await alice.send(to: "bob", text: "six") }
            #expect(try await alice.acceptContactDevices(of: "bob").status == .accepted)
            _ = try await alice.send(to: "bob", text: "six")
            #expect(try await alice.safetyNumber(with: "bob").status == .accepted)

            // Bob revokes the tablet: a change again (a removed device), until re-verified.
            try await bob.revokeDevice(tablet.deviceId)
            let removed = try await alice.safetyNumber(with: "bob")
            #expect(removed.status == .changed && removed.removed == [tablet.deviceId])
            await expectCode(.verifyContactChanged) { _ = try await alice.send(to: "bob", text: "seven") }
            _ = try await alice.confirmSafetyNumber(removed.safetyNumber.description, for: "bob")
            _ = try await alice.send(to: "bob", text: "seven")
            #expect(try await alice.safetyNumber(with: "bob").status == .verified)
            _ = carol
            await open.closeAll()
        } catch {
            await open.closeAll()
            throw error
        }
    }
}
