import Foundation

/// Binary data carried in JSON as a standard (RFC 4648 §4) base64 string.
///
/// Decoding is strict: anything that is not canonical base64 fails with a `DecodingError` whose
/// description is ``Base64Bytes/invalidBase64Description``, which the server maps to
/// ``APIErrorCode/invalidBase64``.
public struct Base64Bytes: Hashable, Sendable, Codable {
    public var bytes: [UInt8]

    public static let invalidBase64Description = "invalid base64"

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.invalidBase64Description)
        }
        self.bytes = [UInt8](data)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes).base64EncodedString())
    }
}

extension Base64Bytes: CustomStringConvertible {
    /// Never prints the content (it may be key material or ciphertext).
    public var description: String { "Base64Bytes(\(bytes.count) bytes)" }
}
