import MLS

/// `tree-math.json`: array-tree math (RFC 9420 Appendix C).
struct TreeMathVectors: VectorFamily {
    let name = "tree-math"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("n_leaves") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let n = UInt32(try entry.uint64("n_leaves"))
        try VectorEntry.expectEqual(TreeMath.nodeWidth(leafCount: n), try entry.uint64("n_nodes"), "n_nodes")
        try VectorEntry.expectEqual(Int(TreeMath.root(leafCount: n).rawValue), try entry.int("root"), "root")
        let width = Int(TreeMath.nodeWidth(leafCount: n))
        let left = try entry.optionalInts("left")
        let right = try entry.optionalInts("right")
        let parent = try entry.optionalInts("parent")
        let sibling = try entry.optionalInts("sibling")
        for list in [left, right, parent, sibling] {
            try VectorEntry.expectEqual(list.count, width, "list length")
        }
        func value(_ x: NodeIndex?) -> Int? { x.map { Int($0.rawValue) } }
        for i in 0..<width {
            let x = NodeIndex(UInt32(i))
            try VectorEntry.expectEqual(value(TreeMath.left(x)), left[i], "left[\(i)]")
            try VectorEntry.expectEqual(value(TreeMath.right(x)), right[i], "right[\(i)]")
            try VectorEntry.expectEqual(value(TreeMath.parent(x, leafCount: n)), parent[i], "parent[\(i)]")
            try VectorEntry.expectEqual(value(TreeMath.sibling(x, leafCount: n)), sibling[i], "sibling[\(i)]")
        }
    }
}
