import Foundation

/// The one JSON form of ``ClientEvent``, shared by `cove receive --json` and the daemon
/// (snake_case keys, one object, no newlines inside):
///
/// - `{"type":"message","id","conversation","conversation_id","sender","device","text","sent_at"}`
/// - `{"type":"membership","conversation","conversation_id","action":"added"|"removed","user","device","by"}`
/// - `{"type":"conversation","conversation","conversation_id","kind","members"}`
/// - `{"type":"alert","kind","message"[,"conversation_id"]}`
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
        }
    }

    private struct Wire: Encodable {
        let event: ClientEvent
        init(_ event: ClientEvent) { self.event = event }

        enum Key: String, CodingKey {
            case type, id, conversation, conversation_id, sender, device, text, sent_at, action, user, by, kind, members, message
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
            }
        }
    }
}
