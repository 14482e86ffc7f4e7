@_spi(Testing) import CoveClient
import CoveClientSQLite
import CoveServer
import CoveServerSQLite
import Foundation
import Testing

/// Monitoring with several devices per user: a device linked from another of the user's
/// devices is no ghost (its approver's DeviceLinkStatement says so, inside MLS), while a device
/// the operator adds still raises the alert on every device.
@Suite("Key transparency with several devices per user", .serialized)
struct TransparencyMultiDeviceTests {
    func alerts(_ events: [ClientEvent]) -> [ClientAlert] {
        events.compactMap { if case .alert(let alert) = $0, alert.kind == "transparency" { alert } else { nil } }
    }

    /// A new alice device in `home`, approved from `approver`, synced once (it joined the
    /// approver's conversations).
    func link(_ home: ClientHome, name: String, approver: CoveClient, server: ServerProcess,
              open: TransparencyClientTests.OpenClients) async throws -> CoveClient {
        let device = open.add(try await CoveClient.requestLink(home: home.path, server: server.baseURL, username: "alice", deviceName: name))
        try await approver.approveLink(code: device.linkCode)
        try await device.waitForLinkApproval(timeout: .seconds(30))
        #expect(alerts(try await device.sync()).isEmpty, "\(name) at its first sync")
        return device
    }

    @Test("four devices linked in a chain raise no ghost alert, a revocation neither; a ghost still alerts on each device once")
    func noFalseGhostAlertWithFourDevices() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let homes = (0..<6).map { _ in ClientHome() }
        let open = TransparencyClientTests.OpenClients()
        do {
            let laptop = open.add(try await CoveClient.initialize(home: homes[0].path, server: server.baseURL, username: "alice"))
            let bob = open.add(try await CoveClient.initialize(home: homes[1].path, server: server.baseURL, username: "bob"))
            _ = try await bob.send(to: "alice", text: "one")
            #expect(texts(try await syncUntil(laptop) { !texts($0).isEmpty }) == ["one"])

            // laptop approves the phone, the phone the tablet, the tablet the desktop: each
            // device approved only one other, so most device events in the log are ones a given
            // device did not approve itself.
            let phone = try await link(homes[2], name: "phone", approver: laptop, server: server, open: open)
            let tablet = try await link(homes[3], name: "tablet", approver: phone, server: server, open: open)
            let desktop = try await link(homes[4], name: "desktop", approver: tablet, server: server, open: open)
            let devices = [laptop, phone, tablet, desktop]
            for device in devices { #expect(alerts(try await device.sync()).isEmpty, "\(device.deviceId)") }

            // The conversation reaches every device.
            _ = try await bob.send(to: "alice", text: "two")
            for device in devices { #expect(texts(try await syncUntil(device) { texts($0).contains("two") }).contains("two")) }

            // The phone revokes the desktop it did not link: no alert on the others either.
            try await phone.revokeDevice(desktop.deviceId)
            for device in [laptop, phone, tablet] { #expect(alerts(try await device.sync()).isEmpty, "\(device.deviceId)") }

            // The operator's ghost (approved in the server's store, without any alice device):
            // no statement vouches for it, so every remaining device reports it, once.
            let ghost = open.add(try await CoveClient.requestLink(home: homes[5].path, server: server.baseURL, username: "alice", deviceName: "ghost"))
            let linkId = try #require(try await laptop.pendingLinks().first).linkId
            try await operatorApprovesLink(linkId, dataDirectory: try #require(server.dataDirectory))
            try await ghost.waitForLinkApproval(timeout: .seconds(30))
            for device in [laptop, phone, tablet] {
                let raised = alerts(try await device.sync())
                #expect(raised.count == 1, "\(device.deviceId): \(raised)")
                #expect(raised.first?.message.contains(ghost.deviceId) == true)
                #expect(alerts(try await device.sync()).isEmpty)
            }
            await open.closeAll()
        } catch {
            await open.closeAll()
            throw error
        }
    }
}
