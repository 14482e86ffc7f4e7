/// A file sent to a conversation, as received (``ClientEvent/file(_:)``). Its ``FileReference``
/// (with the key) stays in the store; fetch the file with ``CoveClient/downloadFile(id:to:options:progress:)``.
public struct ReceivedFile: Sendable, Hashable {
    /// The sender's client id of the file message (what `cove file get ID` takes).
    public var id: String
    /// The conversation's display name (group name, or the other user of a direct chat).
    public var conversation: String
    /// The conversation's stable id (the MLS group id, base64url).
    public var conversationId: String
    public var sender: String
    public var device: String
    /// The file name as sent (no directories).
    public var name: String
    /// Plaintext bytes.
    public var size: Int64
    /// Unix milliseconds, as the sender claims.
    public var sentAt: Int64

    public init(id: String, conversation: String, conversationId: String, sender: String, device: String, name: String, size: Int64,
                sentAt: Int64) {
        self.id = id
        self.conversation = conversation
        self.conversationId = conversationId
        self.sender = sender
        self.device = device
        self.name = name
        self.size = size
        self.sentAt = sentAt
    }
}

/// A file this device sent.
public struct SentFile: Sendable, Hashable {
    /// The client id of the file message (recipients' `file get ID`).
    public var id: String
    public var conversationId: String
    public var name: String
    public var size: Int64
    public var sentAt: Int64

    public init(id: String, conversationId: String, name: String, size: Int64, sentAt: Int64) {
        self.id = id
        self.conversationId = conversationId
        self.name = name
        self.size = size
        self.sentAt = sentAt
    }
}
