import MLS

/// `messages.json`: encode/decode round trip of every wire struct (RFC 9420).
struct MessagesVectors: VectorFamily {
    let name = "messages"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("mls_welcome") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
