import MLS

/// `message-protection.json`: PublicMessage and PrivateMessage protection (RFC 9420 §6).
struct MessageProtectionVectors: VectorFamily {
    let name = "message-protection"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("application_priv") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
