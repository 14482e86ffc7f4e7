import MLS

/// `crypto-basics.json`: the labeled primitives of RFC 9420 §5.
struct CryptoBasicsVectors: VectorFamily {
    let name = "crypto-basics"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("ref_hash") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
