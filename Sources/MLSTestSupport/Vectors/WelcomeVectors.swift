import MLS

/// `welcome.json`: decrypting and verifying a Welcome (RFC 9420 §12.4.3.1).
struct WelcomeVectors: VectorFamily {
    let name = "welcome"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("signer_pub") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
