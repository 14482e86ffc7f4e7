import MLS

/// `tree-math.json`: array-tree math (RFC 9420 Appendix C).
struct TreeMathVectors: VectorFamily {
    let name = "tree-math"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("n_leaves") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
