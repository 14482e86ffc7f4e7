/// Reads the few scalar fields the load tool needs from a JSON object (a push frame, a submit
/// answer) in one pass over its UTF-8 bytes, without `JSONDecoder`.
///
/// Why: with fan-out 9 the tool decodes nine push frames and one answer per message, and
/// Foundation's `JSONDecoder` (a value tree, generic Codable boxing and metadata look-ups per
/// frame) was 16 % of the tool's CPU (docs/PERFORMANCE.md "Session 5"), CPU taken from the server
/// it measures on the same cores. A real client needs these fields too, not the general decoder.
///
/// It is a full JSON syntax walk (objects, arrays, strings with escapes, numbers, literals), not a
/// pattern match: fields are found by key at the path asked for, whatever the key order or
/// spacing. Malformed input returns nil.
struct JSONFields {
    /// A scalar value: integer, string (unescaped) or something else (recorded as present only).
    enum Value: Equatable {
        case int(Int64)
        case string(String)
        case other
    }

    /// The scalar values of `object`'s members, keys joined by "." for nested objects (e.g.
    /// "message.seq"); only keys in `wanted` are kept. Nil if `bytes` is not one JSON object.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, wanted: Set<String>) -> [String: Value]? {
        var scanner = JSONFields(bytes: bytes, wanted: wanted)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{"), scanner.object(path: "", depth: 0) else { return nil }
        scanner.skipSpace()
        return scanner.index == bytes.count ? scanner.found : nil
    }

    static func scan(_ text: String, wanted: Set<String>) -> [String: Value]? {
        var text = text
        return text.withUTF8 { scan($0, wanted: wanted) }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let wanted: Set<String>
    private var index = 0
    private var found: [String: Value] = [:]
    private static let maxDepth = 32

    private init(bytes: UnsafeBufferPointer<UInt8>, wanted: Set<String>) {
        self.bytes = bytes
        self.wanted = wanted
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let c = peek, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { index += 1 }
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard peek == c else { return false }
        index += 1
        return true
    }

    /// At "{": reads the object's members, recording wanted scalars under `path`.
    private mutating func object(path: String, depth: Int) -> Bool {
        guard depth < Self.maxDepth, expect(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if peek == UInt8(ascii: "}") { index += 1; return true }
        while true {
            skipSpace()
            guard let key = string(), expect(UInt8(ascii: ":")) else { return false }
            let full = path.isEmpty ? key : path + "." + key
            guard value(path: full, depth: depth + 1) else { return false }
            skipSpace()
            guard let c = peek else { return false }
            index += 1
            if c == UInt8(ascii: "}") { return true }
            guard c == UInt8(ascii: ",") else { return false }
        }
    }

    private mutating func value(path: String, depth: Int) -> Bool {
        skipSpace()
        guard let c = peek else { return false }
        switch c {
        case UInt8(ascii: "{"):
            return object(path: path, depth: depth)
        case UInt8(ascii: "["):
            guard depth < Self.maxDepth else { return false }
            index += 1
            skipSpace()
            if peek == UInt8(ascii: "]") { index += 1; return true }
            while true {
                // Array elements are walked but never recorded.
                guard value(path: path + "[]", depth: depth + 1) else { return false }
                skipSpace()
                guard let c = peek else { return false }
                index += 1
                if c == UInt8(ascii: "]") { return true }
                guard c == UInt8(ascii: ",") else { return false }
            }
        case UInt8(ascii: "\""):
            let keep = wanted.contains(path)
            guard let s = string(decode: keep) else { return false }
            if keep { found[path] = .string(s) }
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(path: path)
        default:
            for literal in ["true", "false", "null"] where matches(literal) {
                index += literal.utf8.count
                if wanted.contains(path) { found[path] = .other }
                return true
            }
            return false
        }
    }

    private func matches(_ literal: String) -> Bool {
        var i = index
        for b in literal.utf8 {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    /// A JSON number (RFC 8259 §6); an integer that fits Int64 is recorded as `.int`.
    private mutating func number(path: String) -> Bool {
        let start = index
        var negative = false
        if peek == UInt8(ascii: "-") { negative = true; index += 1 }
        var magnitude: UInt64 = 0
        var overflow = false
        var digits = 0
        while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(c - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            magnitude = m2
            digits += 1
            index += 1
        }
        guard digits > 0, !(digits > 1 && bytes[start + (negative ? 1 : 0)] == UInt8(ascii: "0")) else { return false }
        var integral = true
        if peek == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard skipDigits() else { return false }
        }
        if let c = peek, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            integral = false
            index += 1
            if let s = peek, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { return false }
        }
        guard wanted.contains(path) else { return true }
        if integral, !overflow, magnitude <= UInt64(Int64.max) + (negative ? 1 : 0) {
            found[path] = .int(negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
        } else {
            found[path] = .other
        }
        return true
    }

    private mutating func skipDigits() -> Bool {
        var any = false
        while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { index += 1; any = true }
        return any
    }

    /// At a quote: the string's contents, unescaped if `decode` (else "" after validating the
    /// syntax); nil if malformed.
    private mutating func string(decode: Bool = true) -> String? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        // Fast path: no escapes.
        while let c = peek, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") {
            guard c >= 0x20 else { return nil }
            index += 1
        }
        guard let c = peek else { return nil }
        if c == UInt8(ascii: "\"") {
            index += 1
            return decode ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self) : ""
        }
        var out = Array(bytes[start..<index])
        while let c = peek {
            index += 1
            switch c {
            case UInt8(ascii: "\""):
                return decode ? String(decoding: out, as: UTF8.self) : ""
            case UInt8(ascii: "\\"):
                guard let e = peek else { return nil }
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { return nil }
                    var scalarValue = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit) {
                        // A high surrogate must be followed by an escaped low one.
                        guard matches("\\u") else { return nil }
                        index += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    return nil
                }
            default:
                guard c >= 0x20 else { return nil }
                out.append(c)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt16
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt16(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt16(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt16(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }
}
