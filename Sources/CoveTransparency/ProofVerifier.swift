import MLSCrypto

/// Verification of inclusion and consistency proofs, exactly the algorithms of
/// RFC 9162 §2.1.3.2 and §2.1.4.2, with strict bounds on every input.
public enum ProofVerifier {
    /// RFC 9162 §2.1.3.2: recomputes the root from `leafHash` at `index` in a tree of
    /// `treeSize` leaves and compares it with `rootHash`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, treeSize: UInt64, proof: [[UInt8]], rootHash: [UInt8]
    ) throws(TransparencyError) {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, treeSize: treeSize, proof: proof)
        try checkHash(rootHash, "root")
        guard constantTimeEquals(computed, rootHash) else {
            throw TransparencyError(.inclusionRootMismatch, "leaf \(index) in size \(treeSize)")
        }
    }

    /// Steps 1–3 of RFC 9162 §2.1.3.2 plus the `sn == 0` check of step 4.
    public static func rootFromInclusionProof(
        leafHash: [UInt8], index: UInt64, treeSize: UInt64, proof: [[UInt8]]
    ) throws(TransparencyError) -> [UInt8] {
        try checkProof(proof)
        try checkHash(leafHash, "leaf hash")
        // 1. leaf_index must be below tree_size.
        guard index < treeSize else { throw TransparencyError(.indexOutOfRange, "leaf \(index) in size \(treeSize)") }
        // 2. fn = leaf_index, sn = tree_size - 1, r = hash.
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        // 3. For each p in the inclusion path:
        for p in proof {
            guard sn != 0 else { throw TransparencyError(.invalidProofLength, "inclusion proof too long") }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHash.nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = MerkleHash.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        // 4. sn must be 0.
        guard sn == 0 else { throw TransparencyError(.invalidProofLength, "inclusion proof too short") }
        return r
    }

    /// RFC 9162 §2.1.4.2: the tree of `newSize` leaves with root `newRoot` extends the tree of
    /// `oldSize` leaves with root `oldRoot`. Sizes equal: the proof must be empty and the roots
    /// equal. `oldSize == 0`: every tree extends the empty tree; the proof must be empty.
    public static func verifyConsistency(
        oldSize: UInt64, newSize: UInt64, oldRoot: [UInt8], newRoot: [UInt8], proof: [[UInt8]]
    ) throws(TransparencyError) {
        try checkProof(proof)
        try checkHash(oldRoot, "old root")
        try checkHash(newRoot, "new root")
        guard oldSize <= newSize else {
            throw TransparencyError(.checkpointRollback, "size \(newSize) < \(oldSize)")
        }
        if oldSize == newSize || oldSize == 0 {
            guard proof.isEmpty else { throw TransparencyError(.invalidProofLength, "proof must be empty") }
            if oldSize == 0 { return }
            guard constantTimeEquals(oldRoot, newRoot) else {
                throw TransparencyError(.inconsistentLog, "same size \(oldSize), different roots")
            }
            return
        }
        // 1. An empty path fails.
        guard !proof.isEmpty else { throw TransparencyError(.invalidProofLength, "empty consistency proof") }
        var path = proof[...]
        // 2. If first_size is an exact power of 2, prepend first_hash.
        var prefixed: [[UInt8]] = []
        if oldSize & (oldSize - 1) == 0 {
            prefixed = [oldRoot] + proof
            path = prefixed[...]
        }
        // 3. fn = first_size - 1, sn = second_size - 1.
        var fn = oldSize - 1
        var sn = newSize - 1
        // 4. If LSB(fn) is set, right-shift fn and sn until LSB(fn) is not set.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. fr = sr = first element.
        guard let first = path.first else { throw TransparencyError(.invalidProofLength, "empty consistency proof") }
        var fr = first
        var sr = first
        // 6. For each subsequent c:
        for c in path.dropFirst() {
            guard sn != 0 else { throw TransparencyError(.invalidProofLength, "consistency proof too long") }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.nodeHash(c, fr)
                sr = MerkleHash.nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = MerkleHash.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        // 7. sn must be 0, fr == first_hash, sr == second_hash.
        guard sn == 0 else { throw TransparencyError(.invalidProofLength, "consistency proof too short") }
        guard constantTimeEquals(fr, oldRoot), constantTimeEquals(sr, newRoot) else {
            throw TransparencyError(.inconsistentLog, "\(oldSize) -> \(newSize)")
        }
    }

    private static func checkProof(_ proof: [[UInt8]]) throws(TransparencyError) {
        guard proof.count <= TransparencyLimits.maxProofLength else {
            throw TransparencyError(.proofTooLong, "\(proof.count) hashes")
        }
        for element in proof { try checkHash(element, "proof element") }
    }

    private static func checkHash(_ hash: [UInt8], _ what: String) throws(TransparencyError) {
        guard hash.count == TransparencyLimits.hashLength else {
            throw TransparencyError(.malformedHash, "\(what): \(hash.count) bytes")
        }
    }
}
