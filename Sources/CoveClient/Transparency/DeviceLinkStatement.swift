import CoveProtocol
import Foundation

/// "I am approving this device of ours": sent by the approving device, inside MLS, to every
/// conversation that holds another device of its user, before it approves the link.
///
/// Why: each device monitors its user's log entries and alerts on a device it did not link. With
/// three or more devices, a device linked from device B is one that device A did not link. The
/// statement is A's proof that B linked it: MLS authenticates B as the sender (its leaf's
/// signature key, which A checks is a device A counts as linked), and it names the new device's
/// id and key. The server cannot forge it, so a ghost device still raises the alert. It is sent
/// before the approval so that no device's monitor sees the log entry first.
struct DeviceLinkStatement: Codable, Sendable, Hashable {
    static let contentType = "device.linked"

    var deviceId: String
    var signatureKey: Base64Bytes

    var isWellFormed: Bool {
        !deviceId.isEmpty && deviceId.utf8.count <= 128 && signatureKey.bytes.count == 32
    }
}

extension AppContent {
    static func deviceLinked(_ statement: DeviceLinkStatement) -> AppContent {
        AppContent(v: 1, type: DeviceLinkStatement.contentType, linked: statement)
    }
}

extension CoveClient {
    /// Sends the statement to every active conversation with another device of this user (lock
    /// held). Best effort: a conversation it cannot reach costs at worst a false alert on the
    /// devices only reachable there, never a missed ghost.
    func announceLinkedDevice(deviceId: String, signatureKey: [UInt8]) async throws {
        try await flushOutbox()
        try await processQueue()
        let statement = DeviceLinkStatement(deviceId: deviceId, signatureKey: Base64Bytes(signatureKey))
        let own = identity.username + "/"
        for record in try await store.groups() where record.active
            && record.members.contains(where: { $0.hasPrefix(own) && $0 != own + identity.deviceId && $0 != own + deviceId }) {
            do {
                try await sendContent(groupId: record.groupId, content: .deviceLinked(statement), history: nil)
            } catch {
                logger.warning("could not announce a linked device in a conversation", metadata: ["error": "\(type(of: error))"])
            }
        }
    }

    /// Records a statement received from `sender` (the MLS-authenticated sender of the message,
    /// `key` its leaf's signature key). Only statements by this user's own devices count; the
    /// monitor trusts them only if that device is itself linked (``LinkedDevices/trusted``).
    func recordDeviceLinkStatement(_ statement: DeviceLinkStatement?, from sender: DeviceCredential, key: [UInt8]?) async throws {
        guard let statement, let key, sender.username == identity.username, sender.deviceId != identity.deviceId else { return }
        var linked = try await linkedDevices() ?? LinkedDevices()
        let vouch = LinkedDevices.Vouch(by: .init(deviceId: sender.deviceId, signatureKey: Base64Bytes(key)),
                                        device: .init(deviceId: statement.deviceId, signatureKey: statement.signatureKey))
        var vouches = linked.vouches ?? []
        guard !vouches.contains(vouch) else { return }
        vouches.append(vouch)
        // Bounded: a user links few devices; the oldest statements go first.
        if vouches.count > LinkedDevices.maxVouches { vouches.removeFirst(vouches.count - LinkedDevices.maxVouches) }
        linked.vouches = vouches
        try await store.apply(StoreBatch([.setSetting(key: TransparencySettings.linked, value: Array(try JSONEncoder().encode(linked)))]))
    }
}
