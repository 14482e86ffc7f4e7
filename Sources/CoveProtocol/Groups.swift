// Groups and submission: POST /v1/groups, GET /v1/groups/{groupId},
// POST /v1/groups/{groupId}/commits, POST /v1/groups/{groupId}/messages.

/// `POST /v1/groups`: registers a new MLS group at epoch 0 with the caller as its only member.
public struct CreateGroupRequest: Hashable, Sendable, Codable {
    public var groupId: GroupID
    public init(groupId: GroupID) { self.groupId = groupId }
}

public struct GroupInfoResponse: Hashable, Sendable, Codable {
    public var groupId: GroupID
    /// The epoch the next commit must be sent in.
    public var epoch: UInt64
    public var memberDeviceIds: [String]
    public init(groupId: GroupID, epoch: UInt64, memberDeviceIds: [String]) {
        self.groupId = groupId
        self.epoch = epoch
        self.memberDeviceIds = memberDeviceIds
    }
}

/// `POST /v1/groups/{groupId}/commits`: a commit (MLSMessage carrying a PublicMessage whose
/// content is a Commit) for the group's current epoch, the Welcome for devices it adds, and the
/// membership change it makes (device ids; the server tracks membership by device).
public struct SubmitCommitRequest: Hashable, Sendable, Codable {
    /// Client-chosen id (1-128 chars), unique per sending device; a retry with the same id and
    /// the same bytes returns the first answer.
    public var clientMessageId: String
    public var commit: Base64Bytes
    /// MLSMessage carrying a Welcome; required iff `addedDeviceIds` is not empty.
    public var welcome: Base64Bytes?
    public var addedDeviceIds: [String]
    public var removedDeviceIds: [String]
    /// MLSMessage carrying the GroupInfo of the epoch this commit creates (with ratchet_tree and
    /// external_pub extensions); stored as the group's latest for rejoins by external commit.
    public var groupInfo: Base64Bytes?
    public init(clientMessageId: String, commit: Base64Bytes, welcome: Base64Bytes? = nil, addedDeviceIds: [String] = [], removedDeviceIds: [String] = [],
                groupInfo: Base64Bytes? = nil) {
        self.clientMessageId = clientMessageId
        self.commit = commit
        self.welcome = welcome
        self.addedDeviceIds = addedDeviceIds
        self.removedDeviceIds = removedDeviceIds
        self.groupInfo = groupInfo
    }

    private enum CodingKeys: String, CodingKey { case clientMessageId, commit, welcome, addedDeviceIds, removedDeviceIds, groupInfo }

    /// The device lists may be omitted (empty).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.clientMessageId = try c.decode(String.self, forKey: .clientMessageId)
        self.commit = try c.decode(Base64Bytes.self, forKey: .commit)
        self.welcome = try c.decodeIfPresent(Base64Bytes.self, forKey: .welcome)
        self.addedDeviceIds = try c.decodeIfPresent([String].self, forKey: .addedDeviceIds) ?? []
        self.removedDeviceIds = try c.decodeIfPresent([String].self, forKey: .removedDeviceIds) ?? []
        self.groupInfo = try c.decodeIfPresent(Base64Bytes.self, forKey: .groupInfo)
    }
}

/// `POST /v1/groups/{groupId}/messages`: an application message (PrivateMessage) or a proposal
/// (PublicMessage), fanned out to every other member device.
public struct SubmitMessageRequest: Hashable, Sendable, Codable {
    public var clientMessageId: String
    public var message: Base64Bytes
    /// Blobs the message references (its attachments), ids only: the server keeps them while the
    /// message is queued for any device (blob garbage collection). At most 100.
    public var blobIds: [String]?
    public init(clientMessageId: String, message: Base64Bytes, blobIds: [String]? = nil) {
        self.clientMessageId = clientMessageId
        self.message = message
        self.blobIds = blobIds
    }
}

public struct SubmitResponse: Hashable, Sendable, Codable {
    /// Server-wide id of the stored message.
    public var messageId: Int64
    /// For commits: the group's epoch after this commit. For messages: the group's current epoch.
    public var epoch: UInt64
    /// True if this answers a retry of an already accepted submission.
    public var duplicate: Bool
    public init(messageId: Int64, epoch: UInt64, duplicate: Bool) {
        self.messageId = messageId
        self.epoch = epoch
        self.duplicate = duplicate
    }
}
