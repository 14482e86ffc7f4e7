@_spi(Testing) import CoveClient
import CoveClientSQLite
import Foundation
import Testing

/// A fresh home directory for one client device, removed at deinit.
final class ClientHome: @unchecked Sendable {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cove-client-\(UUID().uuidString)").path
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Texts of message events, in order.
func texts(_ events: [ClientEvent]) -> [String] {
    events.compactMap { if case .message(let m) = $0 { m.text } else { nil } }
}

func messages(_ events: [ClientEvent]) -> [ReceivedMessage] {
    events.compactMap { if case .message(let m) = $0 { m } else { nil } }
}

func memberships(_ events: [ClientEvent]) -> [MembershipChange] {
    events.compactMap { if case .membership(let m) = $0 { m } else { nil } }
}
