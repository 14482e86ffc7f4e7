import Foundation

/// The one JSON form of ``ClientEvent``, shared by `cove receive --json` and the daemon
/// (snake_case keys, one object, no newlines inside):
///
/// - `{"type":"message","id","conversation","conversation_id","sender","device","text","sent_at"}`
/// - `{"type":"membership","conversation","conversation_id","action":"added"|"removed","user","device","by"}`
/// - `{"type":"conversation","conversation","conversation_id","kind","members"}`
/// - `{"type":"alert","kind","message"[,"conversation_id"]}`
/// - `{"type":"file","id","conversation","conversation_id","sender","device","name","size","sent_at"}`
public enum ClientEventEncoder {
    /// The event as one line of JSON (keys sorted, so output is stable).
    public static func jsonLine(_ event: ClientEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        let data = (try? encoder.encode(Wire(event))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The event as a JSON-compatible dictionary (for embedding in JSON-RPC results).
    public static func jsonObject(_ event: ClientEvent) -> [String: any Sendable] {
        switch event {
        case .message(let m):
            return ["type": "message", "id": m.id, "conversation": m.conversation, "conversation_id": m.conversationId,
                    "sender": m.sender, "device": m.device, "text": m.text, "sent_at": m.sentAt]
        case .membership(let m):
            return ["type": "membership", "conversation": m.conversation, "conversation_id": m.conversationId,
                    "action": m.action.rawValue, "user": m.user, "device": m.device, "by": m.by]
        case .conversation(let c):
            return ["type": "conversation", "conversation": c.conversation, "conversation_id": c.conversationId,
                    "kind": c.kind, "members": c.members]
        case .alert(let a):
            var object: [String: any Sendable] = ["type": "alert", "kind": a.kind, "message": a.message]
            if let id = a.conversationId { object["conversation_id"] = id }
            return object
        case .file(let f):
            return ["type": "file", "id": f.id, "conversation": f.conversation, "conversation_id": f.conversationId,
                    "sender": f.sender, "device": f.device, "name": f.name, "size": f.size, "sent_at": f.sentAt]
        }
    }

    private struct Wire: Encodable {
        let event: ClientEvent
        init(_ event: ClientEvent) { self.event = event }

        enum Key: String, CodingKey {
            case type, id, conversation, conversation_id, sender, device, text, sent_at, action, user, by, kind, members, message
            case name, size
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            switch event {
            case .message(let m):
                try c.encode("message", forKey: .type)
                try c.encode(m.id, forKey: .id)
                try c.encode(m.conversation, forKey: .conversation)
                try c.encode(m.conversationId, forKey: .conversation_id)
                try c.encode(m.sender, forKey: .sender)
                try c.encode(m.device, forKey: .device)
                try c.encode(m.text, forKey: .text)
                try c.encode(m.sentAt, forKey: .sent_at)
            case .membership(let m):
                try c.encode("membership", forKey: .type)
                try c.encode(m.conversation, forKey: .conversation)
                try c.encode(m.conversationId, forKey: .conversation_id)
                try c.encode(m.action.rawValue, forKey: .action)
                try c.encode(m.user, forKey: .user)
                try c.encode(m.device, forKey: .device)
                try c.encode(m.by, forKey: .by)
            case .conversation(let x):
                try c.encode("conversation", forKey: .type)
                try c.encode(x.conversation, forKey: .conversation)
                try c.encode(x.conversationId, forKey: .conversation_id)
                try c.encode(x.kind, forKey: .kind)
                try c.encode(x.members, forKey: .members)
            case .alert(let a):
                try c.encode("alert", forKey: .type)
                try c.encode(a.kind, forKey: .kind)
                try c.encode(a.message, forKey: .message)
                try c.encodeIfPresent(a.conversationId, forKey: .conversation_id)
            case .file(let f):
                try c.encode("file", forKey: .type)
                try c.encode(f.id, forKey: .id)
                try c.encode(f.conversation, forKey: .conversation)
                try c.encode(f.conversationId, forKey: .conversation_id)
                try c.encode(f.sender, forKey: .sender)
                try c.encode(f.device, forKey: .device)
                try c.encode(f.name, forKey: .name)
                try c.encode(f.size, forKey: .size)
                try c.encode(f.sentAt, forKey: .sent_at)
            }
        }
    }
}

extension ClientEventEncoder {
    /// Parses a line written by ``jsonLine(_:)``; nil for anything else.
    public static func decode(line: [UInt8]) -> ClientEvent? {
        guard let w = try? JSONDecoder().decode(WireIn.self, from: Data(line)) else { return nil }
        switch w.type {
        case "message":
            guard let id = w.id, let conversation = w.conversation, let sender = w.sender, let device = w.device,
                  let text = w.text, let sentAt = w.sent_at else { return nil }
            return .message(ReceivedMessage(id: id, conversation: conversation, conversationId: w.conversation_id ?? "",
                                            sender: sender, device: device, text: text, sentAt: sentAt))
        case "membership":
            guard let conversation = w.conversation, let action = w.action.flatMap(MembershipChange.Action.init(rawValue:)),
                  let user = w.user, let device = w.device, let by = w.by else { return nil }
            return .membership(MembershipChange(conversation: conversation, conversationId: w.conversation_id ?? "",
                                                action: action, user: user, device: device, by: by))
        case "conversation":
            guard let conversation = w.conversation, let kind = w.kind else { return nil }
            return .conversation(ConversationJoined(conversation: conversation, conversationId: w.conversation_id ?? "",
                                                    kind: kind, members: w.members ?? []))
        case "alert":
            guard let kind = w.kind, let message = w.message else { return nil }
            return .alert(ClientAlert(kind: kind, message: message, conversationId: w.conversation_id))
        case "file":
            guard let id = w.id, let conversation = w.conversation, let sender = w.sender, let device = w.device,
                  let name = w.name, let size = w.size, let sentAt = w.sent_at else { return nil }
            return .file(ReceivedFile(id: id, conversation: conversation, conversationId: w.conversation_id ?? "", sender: sender,
                                      device: device, name: name, size: size, sentAt: sentAt))
        default:
            return nil
        }
    }

    private struct WireIn: Decodable {
        var type: String
        var id: String?
        var conversation: String?
        var conversation_id: String?
        var sender: String?
        var device: String?
        var text: String?
        var sent_at: Int64?
        var action: String?
        var user: String?
        var by: String?
        var kind: String?
        var members: [String]?
        var message: String?
        var name: String?
        var size: Int64?
    }
}
