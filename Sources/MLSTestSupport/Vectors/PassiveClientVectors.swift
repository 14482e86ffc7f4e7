import MLS

/// `passive-client.json`: joining by Welcome and following commits as a passive member.
struct PassiveClientVectors: VectorFamily {
    let name = "passive-client"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("initial_epoch_authenticator") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
