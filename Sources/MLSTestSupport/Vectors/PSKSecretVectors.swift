import MLS

/// `psk_secret.json`: psk_secret chaining (RFC 9420 §8.4).
struct PSKSecretVectors: VectorFamily {
    let name = "psk_secret"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("psk_secret") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
