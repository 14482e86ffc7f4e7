import CoveProtocol
import MLS

/// One device's MLS state in one group. Protecting a message advances the sender's ratchet, so
/// concurrent sends of the same device in the same group take turns.
final class Membership: Sendable {
    let device: BenchDevice
    let groupId: GroupID
    /// `groupId` in base64url and the group's messages path, computed once, not per send.
    let groupString: String
    let messagesPath: String
    private let state: Locked<MLSGroup>

    init(device: BenchDevice, group: MLSGroup) {
        self.device = device
        self.groupId = GroupID(group.groupID)
        self.groupString = groupId.string
        self.messagesPath = "/v1/groups/\(groupString)/messages"
        self.state = Locked(group)
    }

    /// A real application PrivateMessage carrying `plaintext` (RFC 9420 §6.3), TLS-encoded.
    func protect(_ plaintext: [UInt8]) throws -> [UInt8] {
        try state.withLock { group in try group.encryptApplicationData(plaintext).mlsEncoded }
    }

    /// Decrypts and verifies a received PrivateMessage; returns the plaintext.
    func unprotect(_ payload: [UInt8]) throws -> [UInt8]? {
        let message = try MLSMessage(mlsEncoded: payload)
        return try state.withLock { group in
            if case .application(let app) = try group.process(message) { return app.data }
            return nil
        }
    }

    var epoch: UInt64 { state.withLock { $0.epoch } }
}
