// How a Cove device names itself inside MLS. Each device is one MLS client; its leaf carries a
// BasicCredential whose identity is these bytes, and the leaf's signature key is the device's
// Ed25519 key from the directory (and from the transparency log). Server and clients parse the
// identity with the same code, so a commit's Adds can be matched against the devices it declares.

/// The identity of a device credential: UTF-8 `"<username>/<deviceId>"`.
///
/// `username` is 1-64 characters of `a-z 0-9 . _ -` (no `/`), `deviceId` 1-128 printable ASCII
/// characters. Parsing is strict: anything else is not a Cove device credential.
public struct DeviceCredential: Hashable, Sendable, Codable, CustomStringConvertible {
    public var username: String
    public var deviceId: String

    public init(username: String, deviceId: String) {
        self.username = username
        self.deviceId = deviceId
    }

    /// Parses credential identity bytes; `nil` unless they are exactly a valid `username/deviceId`.
    public init?(identity: [UInt8]) {
        guard identity.count <= 64 + 1 + 128, let slash = identity.firstIndex(of: 0x2F) else { return nil }
        let user = identity[..<slash], device = identity[(slash + 1)...]
        guard Self.isValidUsername(user), Self.isValidDeviceId(device) else { return nil }
        self.username = String(decoding: user, as: UTF8.self)
        self.deviceId = String(decoding: device, as: UTF8.self)
    }

    /// The bytes to put in the BasicCredential.
    public var identity: [UInt8] { Array(username.utf8) + [0x2F] + Array(deviceId.utf8) }

    public var description: String { "\(username)/\(deviceId)" }

    /// 1-64 bytes of a-z 0-9 . _ - (the server's username rule).
    public static func isValidUsername<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        (1...64).contains(bytes.count) && bytes.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
        }
    }

    /// 1-128 bytes of printable ASCII other than `/`.
    public static func isValidDeviceId<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        (1...128).contains(bytes.count) && bytes.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != 0x2F }
    }
}
