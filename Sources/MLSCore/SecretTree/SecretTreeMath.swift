/// The array-tree relations the secret tree needs (RFC 9420 Appendix C), for perfect trees.
///
/// Private stand-in until the tree helper's `TreeMath` is on main.
enum SecretTreeMath {
    /// Level of node `x`: 0 for leaves, the number of trailing one bits otherwise.
    static func level(_ x: UInt32) -> UInt32 {
        UInt32((~x).trailingZeroBitCount)
    }

    /// Root of a perfect tree with `leafCount` (a power of two) leaves: `leafCount - 1`.
    static func root(leafCount: UInt32) -> UInt32 {
        leafCount - 1
    }

    /// Left child of the parent node `x` (level > 0).
    static func left(_ x: UInt32) -> UInt32 {
        x ^ (1 << (level(x) - 1))
    }

    /// Right child of the parent node `x` (level > 0).
    static func right(_ x: UInt32) -> UInt32 {
        x ^ (3 << (level(x) - 1))
    }
}
