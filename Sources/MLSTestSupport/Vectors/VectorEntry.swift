import Foundation
import MLS

/// Why a vector entry failed: what differed, never secret values beyond what the public
/// vector file already contains.
public struct VectorFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One JSON object from a vector file, with typed accessors that fail the entry (rather
/// than trap) when a field is missing or malformed.
public struct VectorEntry: @unchecked Sendable {
    // JSONSerialization output: immutable once parsed.
    public let object: [String: Any]

    public init(_ object: [String: Any]) { self.object = object }

    public func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    public func hex(_ key: String) throws -> [UInt8] {
        guard let s = object[key] as? String, let bytes = Hex.decode(s) else {
            throw VectorFailure("field \(key) is missing or not hex")
        }
        return bytes
    }

    /// Nil when the field is absent or JSON null.
    public func optionalHex(_ key: String) throws -> [UInt8]? {
        guard has(key) else { return nil }
        return try hex(key)
    }

    public func string(_ key: String) throws -> String {
        guard let s = object[key] as? String else { throw VectorFailure("field \(key) is missing or not a string") }
        return s
    }

    public func uint64(_ key: String) throws -> UInt64 {
        guard let n = object[key] as? NSNumber else { throw VectorFailure("field \(key) is missing or not a number") }
        return n.uint64Value
    }

    public func int(_ key: String) throws -> Int {
        guard let n = object[key] as? NSNumber else { throw VectorFailure("field \(key) is missing or not a number") }
        return n.intValue
    }

    public func entry(_ key: String) throws -> VectorEntry {
        guard let o = object[key] as? [String: Any] else { throw VectorFailure("field \(key) is missing or not an object") }
        return VectorEntry(o)
    }

    public func entries(_ key: String) throws -> [VectorEntry] {
        guard let a = object[key] as? [[String: Any]] else { throw VectorFailure("field \(key) is missing or not a list of objects") }
        return a.map(VectorEntry.init)
    }

    /// A list of numbers, where JSON null becomes nil (tree-math uses null for "none").
    public func optionalInts(_ key: String) throws -> [Int?] {
        guard let a = object[key] as? [Any] else { throw VectorFailure("field \(key) is missing or not a list") }
        return a.map { ($0 as? NSNumber)?.intValue }
    }

    public func list(_ key: String) throws -> [Any] {
        guard let a = object[key] as? [Any] else { throw VectorFailure("field \(key) is missing or not a list") }
        return a
    }

    /// A NIST-curve private key as the fixed-size big-endian scalar the provider takes. Some
    /// vector generators drop leading zero bytes (a 65-byte P-521 scalar in message-protection
    /// and the passive-client files); restoring them gives the same integer, the same key.
    public static func fullLengthScalar(_ bytes: [UInt8], suite: CipherSuite) -> [UInt8] {
        let length: Int
        switch suite.rawValue {
        case 2: length = 32
        case 5: length = 66
        case 7: length = 48
        default: return bytes
        }
        return bytes.count < length ? [UInt8](repeating: 0, count: length - bytes.count) + bytes : bytes
    }

    /// Fails the entry with a message naming `what` if `actual != expected`.
    public static func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        guard actual == expected else { throw VectorFailure("\(what) differs") }
    }
}
