/// What the CLI shows, independent of how the SDK spells it: the adapter (`Session`) maps the SDK's
/// types to these, and `EventFormatter` prints them for people or as the shared JSON shapes.

/// One incoming event: the JSON shapes are the contract shared with the daemon (docs/cli.md).
enum CLIEvent: Sendable, Equatable {
    /// `{"type":"message","id","conversation","conversation_id","sender","device","text","sent_at"}`
    case message(id: String, conversation: String, conversationId: String, sender: String, device: String, text: String, sentAt: Int64)
    /// `{"type":"membership","conversation","conversation_id","action","user","device","by"}`
    case membership(conversation: String, conversationId: String, action: String, user: String, device: String, by: String)
    /// `{"type":"conversation","conversation","conversation_id","kind","members"}`: joined a new conversation.
    case conversation(conversation: String, conversationId: String, kind: String, members: [String])
    /// `{"type":"alert","kind","message"[,"conversation_id"]}`: recovery, transparency.
    case alert(kind: String, message: String, conversationId: String?)
    /// `{"type":"file","id","conversation","conversation_id","sender","device","name","size","sent_at"}`: a file was sent.
    case file(id: String, conversation: String, conversationId: String, sender: String, device: String, name: String, size: Int64, sentAt: Int64)
}

/// A conversation as `group list` shows it.
struct GroupSummary: Sendable, Equatable {
    /// The stable id (MLS group id, base64url); accepted wherever a name is.
    var id: String
    var name: String
    /// `direct` or `group`.
    var kind: String
    var members: [String]
    /// False once this device was removed.
    var active: Bool
}

/// One member of a conversation and their devices, as `group members` shows it.
struct MemberSummary: Sendable, Equatable {
    var user: String
    var devices: [String]
}

/// A message the CLI sent.
struct SentSummary: Sendable, Equatable {
    var id: String
    var conversation: String
    var conversationId: String
    var sentAt: Int64
}

/// One of the account's devices as `devices list` shows it.
struct DeviceView: Sendable, Equatable {
    var id: String
    var name: String
    var current: Bool
    var revoked: Bool
    /// The device key's code (the same digits a link shows), to compare between devices.
    var fingerprint: String?
}

/// What `init` (and a completed `devices link`) set up.
struct IdentitySummary: Sendable, Equatable {
    var user: String
    var deviceId: String
    var deviceName: String
    var server: String
    /// `passphrase` or `key-file`.
    var protection: String
    /// The transparency log key pinned at init (LogPublicKey.fingerprint), to compare with the operator's.
    var logFingerprint: String? = nil
}

/// What `cove chat NAME` talks to.
struct ChatTarget: Sendable, Equatable {
    /// `direct` (a user) or `group`.
    var kind: String
    /// The user or group name the user typed.
    var name: String
    /// The conversation's id when it exists already (a direct chat starts on the first message).
    var conversationId: String?

    /// Whether an event belongs to this conversation.
    func contains(conversationId id: String, conversation name: String) -> Bool {
        if let conversationId { return id == conversationId }
        return name == self.name
    }
}
