import MLS
import Testing

/// Truncated and mutated inputs must throw (never trap), and a strict canonical codec never
/// accepts two encodings of one value.
@Suite struct WireTruncationTests {
    typealias F = WireFixtures

    static let wrappedFields = [
        "mls_welcome", "mls_group_info", "mls_key_package", "public_message_application",
        "public_message_proposal", "public_message_commit", "private_message",
    ]

    /// Decodes `bytes` as the structure of messages.json field `field`, returning its re-encoding.
    static func decode(_ field: String, _ bytes: [UInt8]) throws(CodecError) -> [UInt8] {
        switch field {
        case "ratchet_tree": try RatchetTreeNodes(mlsEncoded: bytes).mlsEncoded
        case "group_secrets": try GroupSecrets(mlsEncoded: bytes).mlsEncoded
        case "add_proposal": try AddProposal(mlsEncoded: bytes).mlsEncoded
        case "update_proposal": try UpdateProposal(mlsEncoded: bytes).mlsEncoded
        case "remove_proposal": try RemoveProposal(mlsEncoded: bytes).mlsEncoded
        case "pre_shared_key_proposal": try PreSharedKeyProposal(mlsEncoded: bytes).mlsEncoded
        case "re_init_proposal": try ReInitProposal(mlsEncoded: bytes).mlsEncoded
        case "external_init_proposal": try ExternalInitProposal(mlsEncoded: bytes).mlsEncoded
        case "group_context_extensions_proposal": try GroupContextExtensionsProposal(mlsEncoded: bytes).mlsEncoded
        case "commit": try Commit(mlsEncoded: bytes).mlsEncoded
        default: try MLSMessage(mlsEncoded: bytes).mlsEncoded
        }
    }

    static let allFields = wrappedFields + [
        "ratchet_tree", "group_secrets", "add_proposal", "update_proposal", "remove_proposal",
        "pre_shared_key_proposal", "re_init_proposal", "external_init_proposal",
        "group_context_extensions_proposal", "commit",
    ]

    @Test("every proper prefix of a valid encoding is rejected as truncated", arguments: wrappedFields + ["ratchet_tree", "commit", "group_secrets"])
    func everyPrefixThrows(_ field: String) throws {
        for entry in try F.messages(2) {
            let bytes = try F.hex(entry, field)
            #expect(try Self.decode(field, bytes) == bytes)
            for length in 0..<bytes.count {
                do {
                    _ = try Self.decode(field, Array(bytes[..<length]))
                    Issue.record("\(field): prefix of \(length)/\(bytes.count) bytes decoded")
                } catch {
                    #expect(error.code == .truncated, "\(field) prefix \(length): \(error)")
                }
            }
        }
    }

    /// A small deterministic generator, so failures reproduce.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    @Test("mutated encodings either throw or decode canonically", arguments: allFields)
    func mutationsAreCanonical(_ field: String) throws {
        var rng = SplitMix64(state: UInt64(field.utf8.count) &* 7919)
        for entry in try F.messages(2) {
            let bytes = try F.hex(entry, field)
            for _ in 0..<200 {
                var mutated = bytes
                let position = Int.random(in: 0..<mutated.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: mutated[position] ^= UInt8.random(in: 1...255, using: &rng)
                case 1: mutated.remove(at: position)
                default: mutated.insert(UInt8.random(in: 0...255, using: &rng), at: position)
                }
                // Decoding may fail; if it succeeds, re-encoding must give back exactly the input
                // (no value has two accepted encodings).
                if let reencoded = try? Self.decode(field, mutated) {
                    #expect(reencoded == mutated, "\(field): non-canonical encoding accepted")
                }
            }
        }
    }
}
