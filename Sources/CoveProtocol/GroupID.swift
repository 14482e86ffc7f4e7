import Foundation

/// An MLS group id as it appears in URLs and JSON: unpadded base64url (RFC 4648 §5).
public struct GroupID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The raw MLS `group_id` bytes.
    public var bytes: [UInt8]

    /// Group ids are at most this many bytes (the server rejects longer ones).
    public static let maxLength = 255

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses unpadded base64url; `nil` for anything else, an empty or an over-long id.
    public init?(string: String) {
        guard !string.isEmpty, string.utf8.allSatisfy({ Self.isURLSafe($0) }) else { return nil }
        var base64 = Array(string.utf8).map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
        while base64.count % 4 != 0 { base64.append(UInt8(ascii: "=")) }
        guard let data = Data(base64Encoded: Data(base64)), !data.isEmpty, data.count <= Self.maxLength else { return nil }
        self.bytes = [UInt8](data)
        guard self.string == string else { return nil }  // canonical form only
    }

    /// Unpadded base64url.
    public var string: String {
        // Byte-wise rather than three `replacingOccurrences` (NSString bridging): the server
        // writes a group id into every message it pushes.
        var encoded = Array(Data(bytes).base64EncodedData())
        while encoded.last == UInt8(ascii: "=") { encoded.removeLast() }
        for i in encoded.indices {
            if encoded[i] == UInt8(ascii: "+") { encoded[i] = UInt8(ascii: "-") } else if encoded[i] == UInt8(ascii: "/") { encoded[i] = UInt8(ascii: "_") }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    public var description: String { string }

    private static func isURLSafe(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = GroupID(string: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Base64Bytes.invalidBase64Description)
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}
