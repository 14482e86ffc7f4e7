import Foundation

/// Prints events for people (`[14:03] alice@laptop in team: hi`) and as the JSON lines shared by
/// `cove receive --json` and the daemon's `event` notifications.
enum EventFormatter {
    static func json(_ event: CLIEvent) -> JSONValue {
        switch event {
        case let .message(id, conversation, conversationId, sender, device, text, sentAt):
            return .object([
                ("type", .string("message")), ("id", .string(id)), ("conversation", .string(conversation)),
                ("conversation_id", .string(conversationId)), ("sender", .string(sender)), ("device", .string(device)), ("text", .string(text)),
                ("sent_at", .int(sentAt)),
            ])
        case let .membership(conversation, conversationId, action, user, device, by):
            return .object([
                ("type", .string("membership")), ("conversation", .string(conversation)),
                ("conversation_id", .string(conversationId)), ("action", .string(action)),
                ("user", .string(user)), ("device", .string(device)), ("by", .string(by)),
            ])
        case let .conversation(conversation, conversationId, kind, members):
            return .object([
                ("type", .string("conversation")), ("conversation", .string(conversation)),
                ("conversation_id", .string(conversationId)), ("kind", .string(kind)),
                ("members", .array(members.map(JSONValue.string))),
            ])
        case let .alert(kind, message, conversationId):
            var members: [(String, JSONValue)] = [("type", .string("alert")), ("kind", .string(kind)), ("message", .string(message))]
            if let conversationId { members.append(("conversation_id", .string(conversationId))) }
            return .object(members)
        case let .file(id, conversation, conversationId, sender, device, name, size, sentAt):
            return .object([
                ("type", .string("file")), ("id", .string(id)), ("conversation", .string(conversation)),
                ("conversation_id", .string(conversationId)), ("sender", .string(sender)), ("device", .string(device)),
                ("name", .string(name)), ("size", .int(size)), ("sent_at", .int(sentAt)),
            ])
        }
    }

    static func human(_ event: CLIEvent) -> String {
        switch event {
        case let .message(_, conversation, _, sender, device, text, sentAt):
            return "[\(clock(sentAt))] \(sender)@\(device) in \(conversation): \(sanitized(text))"
        case let .membership(conversation, _, action, user, device, by):
            let verb = action == "added" ? "was added to" : action == "removed" ? "was removed from" : action
            return "* \(user)@\(device) \(verb) \(conversation) by \(by)"
        case let .conversation(conversation, _, kind, members):
            return "* you are in \(kind == "direct" ? "a chat" : "the group") \(conversation) with \(members.joined(separator: ", "))"
        case let .alert(kind, message, _):
            return "! \(kind): \(sanitized(message))"
        case let .file(id, conversation, _, sender, device, name, size, sentAt):
            return "[\(clock(sentAt))] \(sender)@\(device) in \(conversation): file \(sanitized(name)) (\(size) bytes), get it with 'cove file get \(id) --out PATH'"
        }
    }

    /// HH:mm in local time of a millisecond timestamp.
    static func clock(_ milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let parts = Calendar.current.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// Text from other people may hold terminal escape sequences; show control characters as `?`
    /// so a message can neither move the cursor nor rewrite what the user sees. Newlines stay.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            if scalar == "\n" || scalar == "\t" { return scalar }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return "?" }
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) { return "?" }
            return scalar
        }))
    }
}
