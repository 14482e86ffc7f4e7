import Crypto

/// The number two users compare to verify each other's devices (`cove verify USER`, issue 6),
/// in the manner of Signal's numeric fingerprint (docs/safety-numbers.md).
///
/// Each user contributes 30 digits computed from their username and the set of their devices'
/// Ed25519 signature keys; the two halves are sorted, so both users see the same 60 digits,
/// shown as 12 groups of 5. Any added, removed or replaced device changes the number.
public struct SafetyNumber: Sendable, Hashable, CustomStringConvertible {
    /// Version of the construction, hashed into every fingerprint.
    public static let version: UInt16 = 0
    /// SHA-512 iterations per fingerprint (Signal's count): each guess at a colliding device key
    /// costs an attacker 5200 hashes.
    public static let iterations = 5200
    static let digitsPerUser = 30

    /// The 60 digits, without separators.
    public let digits: String

    /// The safety number between two users. Argument order does not matter: swapping the users
    /// gives the same number.
    ///
    /// - Parameters:
    ///   - deviceKeys: the user's device signature keys (order and duplicates do not matter).
    /// - Throws: `verify.no_devices` when a user has no device key, `verify.invalid_key` for an
    ///   empty key or one longer than 65535 bytes, `verify.invalid_username` for an empty username.
    public init(
        localUser: String, localDeviceKeys: [[UInt8]], remoteUser: String, remoteDeviceKeys: [[UInt8]]
    ) throws {
        let local = try Self.fingerprint(user: localUser, deviceKeys: localDeviceKeys)
        let remote = try Self.fingerprint(user: remoteUser, deviceKeys: remoteDeviceKeys)
        digits = local < remote ? local + remote : remote + local
    }

    /// The 12 groups of 5 digits.
    public var groups: [String] {
        stride(from: 0, to: digits.count, by: 5).map { offset in
            let start = digits.index(digits.startIndex, offsetBy: offset)
            return String(digits[start..<digits.index(start, offsetBy: 5)])
        }
    }

    /// Three lines of four groups, as Signal shows it.
    public var lines: [String] {
        let groups = groups
        return stride(from: 0, to: groups.count, by: 4).map { groups[$0..<$0 + 4].joined(separator: " ") }
    }

    /// The groups separated by single spaces.
    public var description: String { groups.joined(separator: " ") }

    /// The payload Cove puts in the verification QR code: `"cove-sn-v0:" + digits` (UTF-8).
    public var qrPayload: [UInt8] { Array("cove-sn-v\(Self.version):\(digits)".utf8) }

    /// The QR code of ``qrPayload`` (version 5, level M), for ``QRTerminalRenderer``.
    public func qrCode() throws -> QRCode {
        try QRCode(bytes: qrPayload, errorCorrection: .medium)
    }

    /// True when `userInput`, with spaces, dashes and newlines ignored, is exactly these 60 digits.
    public func matches(_ userInput: String) -> Bool {
        var typed: [Unicode.Scalar] = []
        for scalar in userInput.unicodeScalars {
            switch scalar {
            case "0"..."9": typed.append(scalar)
            case " ", "-", "\t", "\n", "\r": continue
            default: return false
            }
        }
        return typed == Array(digits.unicodeScalars)
    }

    /// One user's 30 digits.
    ///
    /// ```
    /// keys   = the distinct device keys, sorted bytewise, each as uint16(len) || key
    /// h      = SHA-512(uint16(version) || uint16(len(user)) || UTF-8(user) || keys)
    /// repeat 5200 times: h = SHA-512(h || keys)
    /// digits = for each of the first six 5-byte chunks c of h: uint40(c) mod 100000, 5 digits
    /// ```
    /// (all integers big-endian).
    public static func fingerprint(user: String, deviceKeys: [[UInt8]]) throws -> String {
        let userBytes = Array(user.utf8)
        guard !userBytes.isEmpty, userBytes.count <= Int(UInt16.max) else {
            throw CoveClientError(.verifyInvalidUsername, "a safety number needs a username",
                                  hint: "check the user name")
        }
        let keys = Set(deviceKeys).sorted { $0.lexicographicallyPrecedes($1) }
        guard !keys.isEmpty else {
            throw CoveClientError(.verifyNoDevices, "\(user) has no devices to verify",
                                  hint: "the user must have at least one registered device")
        }
        var keyMaterial: [UInt8] = []
        for key in keys {
            guard !key.isEmpty, key.count <= Int(UInt16.max) else {
                throw CoveClientError(.verifyInvalidKey, "a device key of \(user) is malformed",
                                      hint: "the server returned an invalid device key")
            }
            keyMaterial += bigEndian(UInt16(key.count)) + key
        }
        var hash = SHA512()
        hash.update(data: bigEndian(version) + bigEndian(UInt16(userBytes.count)) + userBytes + keyMaterial)
        var digest = Array(hash.finalize())
        for _ in 0..<iterations {
            var next = SHA512()
            next.update(data: digest)
            next.update(data: keyMaterial)
            digest = Array(next.finalize())
        }
        var out = ""
        for chunk in 0..<(digitsPerUser / 5) {
            var value: UInt64 = 0
            for byte in digest[(chunk * 5)..<(chunk * 5 + 5)] { value = value << 8 | UInt64(byte) }
            let text = String(value % 100_000)
            out += String(repeating: "0", count: 5 - text.count) + text
        }
        return out
    }

    private static func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
}

extension CoveClientError.Code {
    /// A user has no device keys, so there is nothing to verify.
    public static let verifyNoDevices = Self("verify.no_devices")
    /// A device key is empty or too long to encode.
    public static let verifyInvalidKey = Self("verify.invalid_key")
    /// The username is empty or too long.
    public static let verifyInvalidUsername = Self("verify.invalid_username")
}
