import MLS
import MLSTestSupport
import Testing

/// Every MLSMessage and ratchet tree in the passive-client vectors (several implementations'
/// output, including PrivateMessage-framed handshakes and external senders) decodes strictly
/// and re-encodes byte-identically.
@Suite struct WirePassiveCorpusTests {
    static let files = [
        "passive-client-welcome.json", "passive-client-handling-commit.json",
        "interop-passive/commit.json", "interop-passive/external_join.json",
        "interop-passive/external_proposals.json", "interop-passive/welcome_join.json",
    ]

    static func roundTrip<T: MLSCodable>(_ type: T.Type, _ bytes: [UInt8], _ what: String) {
        do {
            let value = try T(mlsEncoded: bytes)
            #expect(value.mlsEncoded == bytes, "\(what) re-encoding differs")
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    @Test("passive-client messages round-trip", arguments: files)
    func corpusRoundTrips(_ file: String) throws {
        var messages = 0
        for entry in try WireFixtures.entries(file) {
            for field in ["key_package", "welcome"] {
                Self.roundTrip(MLSMessage.self, try WireFixtures.hex(entry, field), "\(file) \(field)")
                messages += 1
            }
            if entry["ratchet_tree"] is String {
                Self.roundTrip(RatchetTreeNodes.self, try WireFixtures.hex(entry, "ratchet_tree"), "\(file) ratchet_tree")
            }
            for epoch in (entry["epochs"] as? [[String: Any]]) ?? [] {
                Self.roundTrip(MLSMessage.self, try WireFixtures.hex(epoch, "commit"), "\(file) commit")
                messages += 1
                for case let proposal as String in (epoch["proposals"] as? [Any]) ?? [] {
                    Self.roundTrip(MLSMessage.self, Hex.decode(proposal) ?? [], "\(file) proposal")
                    messages += 1
                }
            }
        }
        #expect(messages > 0)
    }
}
