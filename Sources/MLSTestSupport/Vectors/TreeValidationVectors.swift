import MLS

/// `tree-validation.json`: resolutions, tree hashes, parent hashes and leaf signatures (RFC 9420 §7).
struct TreeValidationVectors: VectorFamily {
    let name = "tree-validation"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("resolutions") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
