@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

/// A frozen view: the newest checkpoint a device accepted is older than its bound. The bound is
/// set to zero here, so every checkpoint is stale whatever the clock says (no timing assumption),
/// and back to the default, under which a checkpoint the server just signed is fresh.
@Suite("Key transparency: stale checkpoints (frozen view)", .serialized)
struct TransparencyFreshnessTests {
    func staleAlerts(_ events: [ClientEvent]) -> [ClientAlert] {
        events.compactMap { if case .alert(let a) = $0, a.kind == "transparency", a.message.contains("frozen view") { a } else { nil } }
    }

    @Test("a checkpoint older than the bound alerts once per checkpoint; a fresh one does not")
    func staleCheckpointAlertsOnce() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        let homes = (0..<3).map { _ in ClientHome() }
        let open = TransparencyClientTests.OpenClients()
        do {
            let alice = open.add(try await CoveClient.initialize(home: homes[0].path, server: server.baseURL, username: "alice"))
            #expect(try await alice.checkpointMaxAge() == CoveClient.defaultCheckpointMaxAge)
            #expect(staleAlerts(try await alice.sync()).isEmpty)

            try await alice.setCheckpointMaxAge(.zero)
            #expect(try await alice.checkpointMaxAge() == .zero)
            let raised = staleAlerts(try await alice.sync())
            #expect(raised.count == 1)
            #expect(raised.first?.message.contains("tree size 1") == true)
            // The same checkpoint is not reported again.
            #expect(staleAlerts(try await alice.sync()).isEmpty)
            // A new checkpoint (bob's registration) that is also stale under this bound: once more.
            open.add(try await CoveClient.initialize(home: homes[1].path, server: server.baseURL, username: "bob"))
            #expect(staleAlerts(try await alice.sync()).count == 1)

            // Back to the default: the server's next checkpoint is fresh.
            try await alice.setCheckpointMaxAge(CoveClient.defaultCheckpointMaxAge)
            open.add(try await CoveClient.initialize(home: homes[2].path, server: server.baseURL, username: "carol"))
            #expect(staleAlerts(try await alice.sync()).isEmpty)

            // A negative bound is refused.
            do {
                try await alice.setCheckpointMaxAge(.seconds(-1))
                Issue.record("a negative bound was accepted")
            } catch let error as CoveClientError {
                #expect(error.code == .invalidInput)
            }
            await open.closeAll()
        } catch {
            await open.closeAll()
            throw error
        }
    }
}
