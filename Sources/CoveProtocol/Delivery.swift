// The per-device queue: GET /v1/messages, POST /v1/messages/ack, and the WebSocket /v1/ws.

/// What a queued message is.
public enum MessageKind: String, Hashable, Sendable, Codable {
    /// A commit (PublicMessage) accepted for the group; apply it.
    case commit
    /// A Welcome for this device, sent with the commit that added it.
    case welcome
    /// A PrivateMessage (application data).
    case application
    /// A PublicMessage proposal.
    case proposal
}

/// One entry of a device's queue. It stays queued until the device acknowledges `seq`.
public struct QueuedMessage: Hashable, Sendable, Codable {
    /// Position in this device's queue (increasing); acknowledge with it.
    public var seq: Int64
    public var messageId: Int64
    public var groupId: GroupID
    public var kind: MessageKind
    public var senderDeviceId: String
    /// For commits and welcomes: the epoch the group enters. Otherwise the message's epoch.
    public var epoch: UInt64
    /// The TLS-encoded MLSMessage.
    public var payload: Base64Bytes
    /// Unix milliseconds at which the server accepted it.
    public var receivedAt: Int64

    public init(seq: Int64, messageId: Int64, groupId: GroupID, kind: MessageKind, senderDeviceId: String, epoch: UInt64, payload: Base64Bytes, receivedAt: Int64) {
        self.seq = seq
        self.messageId = messageId
        self.groupId = groupId
        self.kind = kind
        self.senderDeviceId = senderDeviceId
        self.epoch = epoch
        self.payload = payload
        self.receivedAt = receivedAt
    }
}

public struct MessageList: Hashable, Sendable, Codable {
    public var messages: [QueuedMessage]
    public init(messages: [QueuedMessage]) { self.messages = messages }
}

/// `POST /v1/messages/ack`: removes these entries from the caller's queue. Unknown or foreign
/// seqs are ignored (acks are idempotent).
public struct AckRequest: Hashable, Sendable, Codable {
    public var seqs: [Int64]
    public init(seqs: [Int64]) { self.seqs = seqs }
}

public struct AckResponse: Hashable, Sendable, Codable {
    public var removed: Int
    public init(removed: Int) { self.removed = removed }
}

/// A frame on the WebSocket `/v1/ws` (JSON text frames, both directions).
///
/// Server -> client: `{"type":"message","message":{...QueuedMessage}}` for each queued entry
/// (everything pending is sent on connect), `{"type":"pong"}`.
/// Client -> server: `{"type":"ack","seqs":[...]}`, `{"type":"ping"}`.
///
/// Authentication: the `Authorization: Bearer` header on the upgrade request; or (browsers
/// cannot set it) the subprotocol `cove.bearer.<token>` offered beside `cove.v1` in
/// `Sec-WebSocket-Protocol` (the server selects `cove.v1`); or, with neither, the first frame
/// `{"type":"auth","token":"..."}` within 10 seconds. A refused first frame gets
/// `{"type":"error","code":"auth.unauthenticated"}` and the connection closes.
public struct SocketFrame: Hashable, Sendable, Codable {
    public var type: String
    public var message: QueuedMessage?
    public var seqs: [Int64]?
    /// For `auth` frames: the bearer token. Never log it.
    public var token: String? = nil
    /// For `error` frames: an ``APIErrorCode`` raw value.
    public var code: String? = nil

    public init(type: String, message: QueuedMessage? = nil, seqs: [Int64]? = nil) {
        self.type = type
        self.message = message
        self.seqs = seqs
    }
}

/// The WebSocket subprotocols `/v1/ws` understands.
public enum SocketProtocol {
    /// Selected by the server whenever the client offers it.
    public static let v1 = "cove.v1"
    /// Prefix of the subprotocol that carries the bearer token (`cove.bearer.<token>`).
    public static let bearerPrefix = "cove.bearer."
}
