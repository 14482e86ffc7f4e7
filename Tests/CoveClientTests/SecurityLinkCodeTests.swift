import Foundation
import Testing
@testable import CoveClient

/// LinkCode: known answers computed independently with Python's hashlib (the script is in the
/// comment below), the rejection-sampling path, and normalization of what users type.
///
/// ```python
/// import hashlib
/// def code(key):
///     h = hashlib.sha256(b"cove-link-v1" + key).digest(); g = []
///     while True:
///         for i in range(0, len(h) - 1, 2):
///             v = h[i] << 8 | h[i + 1]
///             if v < 65000:
///                 g.append(v % 1000)
///                 if len(g) == 4: return " ".join("%03d" % x for x in g)
///         h = hashlib.sha256(h).digest()
/// ```
@Suite struct SecurityLinkCodeTests {
    @Test(arguments: [
        ([UInt8](repeating: 0, count: 32), "146 122 263 563"),
        ((0..<32).map { UInt8($0) }, "940 763 122 934"),
        ([UInt8](repeating: 0xFF, count: 32), "458 592 984 568"),
        // SHA-256 of this key starts 1166 ac3c 079d fe0f: the fourth chunk (65039) is skipped.
        ([UInt8](repeating: 0, count: 31) + [24], "454 092 949 673"),
    ])
    func knownAnswers(key: [UInt8], expected: String) {
        #expect(LinkCode.code(signatureKey: key) == expected)
    }

    @Test func rejectionSamplingSkipsChunksAtOrAbove65000() {
        // 64999 -> 999 accepted; 65000 and 65535 skipped; 1000 -> 0.
        let digest: [UInt8] = [0xFD, 0xE7, 0xFD, 0xE8, 0xFF, 0xFF, 0x03, 0xE8, 0x00, 0x07, 0x00, 0x2A]
        #expect(LinkCode.groups(digest: digest) == [999, 0, 7, 42])
    }

    @Test func rejectionSamplingRehashesWhenTheDigestRunsOut() {
        // Every chunk rejected: the groups come from SHA-256 of the digest, read the same way.
        let digest = [UInt8](repeating: 0xFF, count: 32)
        let groups = LinkCode.groups(digest: digest)
        #expect(groups.count == 4)
        #expect(groups.allSatisfy { (0..<1000).contains($0) })
        // Python: hashlib.sha256(b"\xff" * 32) -> af9613760f72635fbdb44a5a0a63c39f12af30f950a6ee5c971be188e89c4051
        // chunks af96 1376 0f72 635f -> 44950 % 1000, 4982, 3954, 25439
        #expect(groups == [950, 982, 954, 439])
    }

    @Test func differentKeysGiveDifferentCodes() {
        #expect(LinkCode.code(signatureKey: [1, 2, 3]) != LinkCode.code(signatureKey: [1, 2, 4]))
    }

    @Test func formatIsFourZeroPaddedGroups() {
        #expect(LinkCode.format([7, 42, 999, 0]) == "007 042 999 000")
        let code = LinkCode.code(signatureKey: [9])
        #expect(code.count == 15)
        #expect(code.split(separator: " ").map(\.count) == [3, 3, 3, 3])
    }

    @Test(arguments: [
        ("482 117 903 250", "482 117 903 250"),
        ("482117903250", "482 117 903 250"),
        ("482-117-903-250", "482 117 903 250"),
        ("  482.117 903\t250 ", "482 117 903 250"),
        ("48 2117 9032 50", "482 117 903 250"),
    ])
    func normalizeAcceptsSeparators(input: String, expected: String) {
        #expect(LinkCode.normalize(input) == expected)
    }

    @Test(arguments: ["", "482 117 903 25", "482 117 903 2500", "482 117 903 25a", "٤٨٢ ١١٧ ٩٠٣ ٢٥٠", "482,117,903,250"])
    func normalizeRejectsEverythingElse(input: String) {
        #expect(LinkCode.normalize(input) == nil)
    }

    @Test func matchesComparesNormalizedInput() {
        let key: [UInt8] = [0xAB, 0xCD]
        let code = LinkCode.code(signatureKey: key)
        #expect(LinkCode.matches(code.replacingOccurrences(of: " ", with: "-"), signatureKey: key))
        let last = code.last?.wholeNumberValue ?? 0
        let wrong = String(code.dropLast()) + String((last + 1) % 10)
        #expect(!LinkCode.matches(wrong, signatureKey: key))
        #expect(!LinkCode.matches("not a code", signatureKey: key))
    }
}
