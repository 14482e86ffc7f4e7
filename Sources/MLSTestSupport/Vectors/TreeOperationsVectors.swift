import MLS

/// `tree-operations.json`: applying Add, Update and Remove to a ratchet tree (RFC 9420 §12.1).
struct TreeOperationsVectors: VectorFamily {
    let name = "tree-operations"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("tree_before") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
