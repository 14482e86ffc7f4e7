import CoveTransparency
import Testing

struct ProofRoundTripTests {
    /// Every size 1...300: the incremental root equals the RFC's recursive MTH; every leaf's
    /// inclusion proof verifies; consistency from every smaller size verifies.
    @Test func allSizesUpTo300() throws {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        var leafHashes: [[UInt8]] = []
        for n in 1...300 {
            let entry = Array("entry \(n - 1)".utf8)
            try log.append(entry: entry)
            leafHashes.append(MerkleHash.leafHash(entry))
            #expect(log.rootHash == MerkleHash.root(leafHashes: leafHashes), "size \(n)")
        }
        let roots = try (0...300).map { try log.rootHash(treeSize: UInt64($0)) }
        for n in 1...300 {
            #expect(roots[n] == MerkleHash.root(leafHashes: Array(leafHashes[..<n])))
            for m in 0..<n {
                let proof = try log.inclusionProof(index: UInt64(m), treeSize: UInt64(n))
                #expect(proof.count <= 64)
                try ProofVerifier.verifyInclusion(
                    leafHash: leafHashes[m], index: UInt64(m), treeSize: UInt64(n), proof: proof, rootHash: roots[n])
            }
            for m in 0...n {
                let proof = try log.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n))
                try ProofVerifier.verifyConsistency(
                    oldSize: UInt64(m), newSize: UInt64(n), oldRoot: roots[m], newRoot: roots[n], proof: proof)
            }
        }
    }

    /// A consistency proof between sizes never verifies against another pair of roots (subset).
    @Test func consistencyProofsAreSpecificToTheirRoots() throws {
        let (log, _) = try makeLog(count: 40)
        let roots = try (0...40).map { try log.rootHash(treeSize: UInt64($0)) }
        for n in stride(from: 2, through: 40, by: 3) {
            for m in 1..<n {
                let proof = try log.consistencyProof(oldSize: UInt64(m), newSize: UInt64(n))
                let other = m > 1 ? m - 1 : m + 1
                #expect(throws: TransparencyError.self) {
                    try ProofVerifier.verifyConsistency(
                        oldSize: UInt64(m), newSize: UInt64(n), oldRoot: roots[other], newRoot: roots[n], proof: proof)
                }
            }
        }
    }

    /// Reopening a log over its storage rebuilds the same frontier (server restart).
    @Test func reopenRebuildsFrontier() throws {
        for count in [0, 1, 2, 3, 7, 8, 9, 100, 255, 256, 257] {
            let (log, _) = try makeLog(count: count)
            let reopened = try MerkleLog(storage: log.storage)
            #expect(reopened.frontier == log.frontier)
            #expect(reopened.rootHash == log.rootHash)
        }
    }

    @Test func storageRefusesOutOfOrderNodes() throws {
        var storage = InMemoryLogStorage()
        let bad = CompactRange.CompletedNode(level: 0, index: 5, hash: [UInt8](repeating: 0, count: 32))
        #expect(expectCode(.storage) { try storage.append(entry: [1], nodes: [bad]) })
        #expect(try storage.size == 0)
    }
}
