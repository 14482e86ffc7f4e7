import Foundation

/// The application content carried inside MLS PrivateMessages (HELPERS.md contract): one JSON
/// object, UTF-8, `v: 1`. The server never sees it.
///
/// - `{"v":1,"type":"text","id":CLIENTID,"text":...,"sentAt":ms}`
/// - `{"v":1,"type":"meta","name":...,"kind":"direct"|"group"|"folder"}`: a group's name and kind,
///   sent by whoever commits an Add right after the commit, so joiners learn it.
/// - `{"v":1,"type":"file","id":CLIENTID,"file":FileReference,"sentAt":ms}`: an attachment
///   (issue 5); the message that carries it lists the blob in `blobIds`.
/// - `{"v":1,"type":"device.linked","linked":{"deviceId":...,"signatureKey":B64}}`: one of the
///   sender's own devices is about to approve this device (Transparency/DeviceLinkStatement.swift).
struct AppContent: Codable, Sendable, Hashable {
    var v: Int
    var type: String
    var id: String?
    var text: String?
    var sentAt: Int64?
    var name: String?
    var kind: String?
    var file: FileReference?
    var linked: DeviceLinkStatement?

    /// Largest content accepted for control types (`meta`); text is bounded by ``maxTextBytes``.
    static let maxControlBytes = 64 << 10
    /// Largest text a message may carry (UTF-8 bytes).
    static let maxTextBytes = 256 << 10

    static func text(id: String, text: String, sentAt: Int64) -> AppContent {
        AppContent(v: 1, type: "text", id: id, text: text, sentAt: sentAt)
    }

    static func meta(name: String?, kind: String) -> AppContent {
        AppContent(v: 1, type: "meta", name: name, kind: kind)
    }

    static func file(id: String, file: FileReference, sentAt: Int64) -> AppContent {
        AppContent(v: 1, type: "file", id: id, sentAt: sentAt, file: file)
    }

    var encoded: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }

    /// Parses content; nil for anything that is not a valid v1 object of a known type.
    static func decode(_ bytes: [UInt8]) -> AppContent? {
        guard bytes.count <= maxTextBytes + maxControlBytes,
              let content = try? JSONDecoder().decode(AppContent.self, from: Data(bytes)), content.v == 1 else { return nil }
        switch content.type {
        case "text":
            guard let id = content.id, !id.isEmpty, id.utf8.count <= 128, content.text != nil else { return nil }
        case "meta":
            guard bytes.count <= maxControlBytes, let kind = content.kind, ["direct", "group", "folder"].contains(kind) else { return nil }
            if let name = content.name, name.utf8.count > 256 { return nil }
        case "file":
            guard bytes.count <= maxControlBytes, let id = content.id, !id.isEmpty, id.utf8.count <= 128,
                  let file = content.file, file.isWellFormed else { return nil }
        case DeviceLinkStatement.contentType:
            guard bytes.count <= maxControlBytes, content.linked?.isWellFormed == true else { return nil }
        default:
            return nil
        }
        return content
    }
}
