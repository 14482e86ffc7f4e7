import Foundation
import MLSCrypto
import MLSSwiftCrypto
import MLSTestSupport
import Testing

/// `external_pub = DeriveKeyPair(external_secret).public` (RFC 9420 §8) from the shared
/// key-schedule.json: the only published DeriveKeyPair answers for DHKEM(P-384).
@Suite struct KeyScheduleDeriveKeyPairTests {
    static let entries: [(suite: UInt16, secret: String, pub: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/vectors/mls/key-schedule.json").standardized
        guard let data = try? Data(contentsOf: url),
              let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { return [] }
        return list.flatMap { e -> [(UInt16, String, String)] in
            let suite = UInt16(e["cipher_suite"] as? Int ?? 0)
            return ((e["epochs"] as? [[String: Any]]) ?? []).compactMap { epoch in
                guard let s = epoch["external_secret"] as? String, let p = epoch["external_pub"] as? String else { return nil }
                return (suite, s, p)
            }
        }
    }()

    /// Skipped (reported as such) when the shared vector directory is not beside the package.
    @Test("DeriveKeyPair(external_secret) gives external_pub for every supported suite", .enabled(if: !entries.isEmpty))
    func externalPub() throws {
        let crypto = SwiftCryptoProvider()
        #expect(Self.entries.count == 35)
        var checked = Set<UInt16>()
        for entry in Self.entries where crypto.supportedSuites.contains(CipherSuite(rawValue: entry.suite)) {
            let p = try crypto.provider(for: CipherSuite(rawValue: entry.suite))
            let pair = try p.deriveKEMKeyPair(ikm: SecretBytes(try hex(entry.secret)))
            #expect(pair.publicKey == (try hex(entry.pub)), "suite \(entry.suite)")
            checked.insert(entry.suite)
        }
        #expect(checked == [1, 2, 3, 5, 7])
    }
}
