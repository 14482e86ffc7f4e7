import MLS

/// `treekem.json`: TreeKEM UpdatePath processing and creation (RFC 9420 §7.4-7.6).
struct TreeKEMVectors: VectorFamily {
    let name = "treekem"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("update_paths") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        throw VectorFailure("not implemented yet")
    }
}
