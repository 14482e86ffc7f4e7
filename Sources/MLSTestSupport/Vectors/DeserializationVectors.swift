import MLS

/// `deserialization.json`: variable-length vector headers (RFC 9420 §2.1.2).
struct DeserializationVectors: VectorFamily {
    let name = "deserialization"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("vlbytes_header") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
