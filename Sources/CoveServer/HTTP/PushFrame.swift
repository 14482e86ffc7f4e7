import CoveProtocol
import Foundation

/// The `{"type":"message","message":{...}}` frame a WebSocket session pushes for one queue
/// entry, written directly instead of through `JSONEncoder`.
///
/// Why: at load every accepted message is pushed to each recipient, and `JSONEncoder` (generic
/// Codable boxing, a dictionary per object, sorted keys) was about 8 % of the server's CPU time
/// (docs/PERFORMANCE.md "Delivery service"). The output is the same JSON object `JSONEncoder`
/// produced for `SocketFrame(type: "message", message: CoveService.queued(entry))`, keys sorted
/// the same way; `PushFrameTests` decodes it with `JSONDecoder` and compares.
///
/// `seq` is the frame's last field and the only one that differs between the recipients of one
/// message, so the rest (``prefix(_:)``, with the payload's base64) is built once per message and
/// shared by its recipients' frames.
enum PushFrame {
    static func message(_ entry: QueueEntry) -> String {
        message(prefix: prefix(entry), seq: entry.seq)
    }

    /// The frame for the entry `seq` of the message whose ``prefix(_:)`` is given.
    static func message(prefix: String, seq: Int64) -> String {
        var out = prefix
        out += String(seq)
        out += #"},"type":"message"}"#
        return out
    }

    /// Everything of the entry's frame before the seq's digits.
    static func prefix(_ entry: QueueEntry) -> String {
        let kind = MessageKind(rawValue: entry.kind) ?? .application
        let payload = Data(entry.payload).base64EncodedString()
        var out = ""
        // Room for the seq and the closing part too, so `message(prefix:seq:)` does not reallocate.
        out.reserveCapacity(payload.utf8.count + entry.senderDevice.utf8.count + entry.groupId.count * 2 + 192)
        out += #"{"message":{"epoch":"#
        out += String(entry.epoch)
        out += #","groupId":"#
        appendString(GroupID(entry.groupId).string, to: &out)
        out += #","kind":"#
        appendString(kind.rawValue, to: &out)
        out += #","messageId":"#
        out += String(entry.messageId)
        out += #","payload":""#
        out += payload // base64: nothing to escape
        out += #"","receivedAt":"#
        out += String(entry.createdAt)
        out += #","senderDeviceId":"#
        appendString(entry.senderDevice, to: &out)
        out += #","seq":"#
        return out
    }

    /// Appends `s` as a JSON string literal (RFC 8259 §7): quote, backslash and control
    /// characters escaped, everything else as is (UTF-8).
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
