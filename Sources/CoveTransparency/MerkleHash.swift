import Crypto

/// RFC 9162 §2.1.1 hashing with SHA-256.
///
///     leaf hash: SHA-256(0x00 || entry)
///     node hash: SHA-256(0x01 || left || right)
///     MTH({})   = SHA-256()
public enum MerkleHash {
    /// The hash of the empty tree, SHA-256 of the empty string.
    public static var emptyRoot: [UInt8] { Array(SHA256.hash(data: [UInt8]())) }

    /// `SHA-256(0x00 || entry)`.
    public static func leafHash<C: Collection>(_ entry: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(entry))
        return Array(hasher.finalize())
    }

    /// `SHA-256(0x01 || left || right)`.
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// MTH(D[n]) of a list of leaf hashes, by the RFC's recursive definition (O(n)).
    /// Used by tests and by anyone re-deriving a root from scratch.
    public static func root(leafHashes: [[UInt8]]) -> [UInt8] {
        if leafHashes.isEmpty { return emptyRoot }
        return subtree(leafHashes[...])
    }

    private static func subtree(_ hashes: ArraySlice<[UInt8]>) -> [UInt8] {
        if hashes.count == 1 { return hashes[hashes.startIndex] }
        let k = largestPowerOfTwo(below: UInt64(hashes.count))
        let split = hashes.startIndex + Int(k)
        return nodeHash(subtree(hashes[..<split]), subtree(hashes[split...]))
    }

    /// The largest power of two strictly smaller than `n` (n >= 2).
    @inline(__always)
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        UInt64(1) << (63 - (n - 1).leadingZeroBitCount)
    }
}
