import MLS

/// `psk_secret.json`: psk_secret chaining (RFC 9420 §8.4).
struct PSKSecretVectors: VectorFamily {
    let name = "psk_secret"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("psk_secret") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let psks = try entry.entries("psks").map { psk in
            PSKSecret.Input(
                id: PreSharedKeyID(psk: .external(pskID: try psk.hex("psk_id")), pskNonce: try psk.hex("psk_nonce")),
                psk: SecretBytes(try psk.hex("psk")))
        }
        let secret = try PSKSecret.derive(psks, provider: provider)
        try VectorEntry.expectEqual(secret.exposedBytes, try entry.hex("psk_secret"), "psk_secret")
    }
}
