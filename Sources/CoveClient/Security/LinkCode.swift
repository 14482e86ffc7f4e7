import Crypto

/// The code a user compares when linking a new device (HELPERS.md contract, issue 4): both
/// devices show it, computed from the new device's Ed25519 signature key, so approving the
/// link on the old device approves *that* key and not one a server substituted.
///
/// Construction: h = SHA-256("cove-link-v1" || signatureKey). h is read as sixteen big-endian
/// 16-bit chunks; a chunk v < 65000 gives the group v mod 1000 (65000 is the largest multiple
/// of 1000 not above 65536, so each group is exactly uniform); chunks ≥ 65000 are skipped. The
/// first four accepted chunks are the four groups. In the (≈ 2^-80) case that fewer than four
/// of the sixteen chunks are accepted, h is replaced by SHA-256(h) and reading continues.
/// Output: four zero-padded groups of three digits separated by single spaces,
/// e.g. `482 117 903 250` (about 40 bits: a server that wants to substitute its own key must
/// find a key with the same code before the user compares, 2^40 tries, within the 10-minute
/// link lifetime).
public enum LinkCode {
    static let label = Array("cove-link-v1".utf8)
    static let groupCount = 4

    /// The link code for a device's signature key.
    public static func code(signatureKey: some Collection<UInt8>) -> String {
        format(groups(digest: Array(SHA256.hash(data: label + Array(signatureKey)))))
    }

    /// Canonical form of what a user typed: spaces, dashes and dots are ignored; exactly twelve
    /// ASCII digits must remain. Returns `"ddd ddd ddd ddd"`, or nil for anything else.
    public static func normalize(_ userInput: String) -> String? {
        var digits: [UInt8] = []
        for scalar in userInput.unicodeScalars {
            switch scalar {
            case "0"..."9": digits.append(UInt8(scalar.value))
            case " ", "-", ".", "\t": continue
            default: return nil
            }
        }
        guard digits.count == 3 * groupCount else { return nil }
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, index % 3 == 0 { out += " " }
            out.unicodeScalars.append(Unicode.Scalar(digit))
        }
        return out
    }

    /// True when `userInput` normalizes to the code of `signatureKey`.
    public static func matches(_ userInput: String, signatureKey: some Collection<UInt8>) -> Bool {
        normalize(userInput) == code(signatureKey: signatureKey)
    }

    /// The four group values (0...999) by rejection sampling over `digest` (see the type's
    /// documentation). Internal so tests can drive the rejection path with crafted digests.
    static func groups(digest: [UInt8]) -> [Int] {
        var block = digest
        var groups: [Int] = []
        while true {
            var offset = 0
            while offset + 1 < block.count {
                let value = Int(block[offset]) << 8 | Int(block[offset + 1])
                offset += 2
                guard value < 65_000 else { continue }
                groups.append(value % 1000)
                if groups.count == groupCount { return groups }
            }
            block = Array(SHA256.hash(data: block))
        }
    }

    static func format(_ groups: [Int]) -> String {
        groups.map { value in
            let text = String(value)
            return String(repeating: "0", count: 3 - text.count) + text
        }.joined(separator: " ")
    }
}
