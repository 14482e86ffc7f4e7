/// Something that happened to this device, reported by ``CoveClient/sync()`` and
/// ``CoveClient/events()``. Its JSON form (``ClientEventEncoder``) is what `cove receive --json`
/// and the daemon print, one object per line.
public enum ClientEvent: Sendable, Hashable {
    /// A text message (from another member, or from another device of this user).
    case message(ReceivedMessage)
    /// A device (of a user) was added to or removed from a conversation.
    case membership(MembershipChange)
    /// This device joined a conversation (it was added, or it was linked to the account).
    case conversation(ConversationJoined)
    /// Something the user must be told: recovery of a conversation, an unreadable message...
    case alert(ClientAlert)
    /// A file was sent to a conversation (fetch it with ``CoveClient/downloadFile(id:to:options:progress:)``).
    case file(ReceivedFile)
}

/// A text message as received.
public struct ReceivedMessage: Sendable, Hashable {
    /// The sender's client message id, unique per sending device.
    public var id: String
    /// The conversation's display name (group name, or the other user of a direct chat).
    public var conversation: String
    /// The conversation's stable id (the MLS group id, base64url).
    public var conversationId: String
    public var sender: String
    public var device: String
    public var text: String
    /// Unix milliseconds, as the sender claims.
    public var sentAt: Int64

    public init(id: String, conversation: String, conversationId: String, sender: String, device: String, text: String, sentAt: Int64) {
        self.id = id
        self.conversation = conversation
        self.conversationId = conversationId
        self.sender = sender
        self.device = device
        self.text = text
        self.sentAt = sentAt
    }
}

/// One device added to or removed from a conversation, as computed from the commit.
public struct MembershipChange: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, Codable {
        case added, removed
    }

    public var conversation: String
    public var conversationId: String
    public var action: Action
    public var user: String
    public var device: String
    /// The user who made the change.
    public var by: String

    public init(conversation: String, conversationId: String, action: Action, user: String, device: String, by: String) {
        self.conversation = conversation
        self.conversationId = conversationId
        self.action = action
        self.user = user
        self.device = device
        self.by = by
    }
}

/// This device is now in a conversation.
public struct ConversationJoined: Sendable, Hashable {
    public var conversation: String
    public var conversationId: String
    /// `direct` or `group`.
    public var kind: String
    /// User names of the members, sorted.
    public var members: [String]

    public init(conversation: String, conversationId: String, kind: String, members: [String]) {
        self.conversation = conversation
        self.conversationId = conversationId
        self.kind = kind
        self.members = members
    }
}

/// Something the user must know.
public struct ClientAlert: Sendable, Hashable {
    /// Stable kind: `rejoined` (local state was behind or forked; this device rejoined and may
    /// have missed messages), `undecryptable` (a message could not be read), `removed` (this device
    /// was removed from a conversation), `transparency`, ...
    public var kind: String
    public var message: String
    public var conversationId: String?

    public init(kind: String, message: String, conversationId: String? = nil) {
        self.kind = kind
        self.message = message
        self.conversationId = conversationId
    }
}
