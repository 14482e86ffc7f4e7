import MLS

/// `secret-tree.json`: sender-data keys and the secret tree (RFC 9420 §6.3.2, §9).
struct SecretTreeVectors: VectorFamily {
    let name = "secret-tree"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("sender_data") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
