/// A conversation as listed by ``CoveClient/conversations()``.
public struct Conversation: Sendable, Hashable {
    /// Stable id: the MLS group id, base64url.
    public var id: String
    /// Display name: the group's name, or the other user of a direct chat.
    public var name: String
    /// `direct` or `group` (`pending` until the group's name arrived).
    public var kind: String
    /// User names of the members, sorted.
    public var members: [String]
    /// False once this device was removed.
    public var active: Bool
    public var epoch: UInt64
}

/// One device of a member, as listed by ``CoveClient/members(conversation:)``.
public struct ConversationMember: Sendable, Hashable {
    public var user: String
    public var device: String
}

/// A message of a conversation's local history.
public struct ChatMessage: Sendable, Hashable {
    public var id: String
    public var sender: String
    public var device: String
    public var text: String
    public var sentAt: Int64
}

/// A device of this account.
public struct DeviceSummary: Sendable, Hashable {
    public var deviceId: String
    public var name: String
    /// Hex of the Ed25519 public key.
    public var signatureKey: [UInt8]
    public var createdAt: Int64
    /// True for the device this client runs on.
    public var current: Bool
}

/// A device waiting to be linked to this account, as listed by ``CoveClient/pendingLinks()``.
public struct PendingLink: Sendable, Hashable {
    public var linkId: String
    public var deviceId: String
    public var name: String
    /// The code the new device shows (`LinkCode`); approve with it.
    public var code: String
    public var expiresAt: Int64
}

/// What ``CoveClient/send(conversation:text:)`` sent.
public struct SentMessage: Sendable, Hashable {
    public var id: String
    public var conversationId: String
    public var sentAt: Int64
}
