import CoveTransparency
import Testing

struct ProofNegativeTests {
    static func fixture() throws -> (log: MerkleLog<InMemoryLogStorage>, leaf: [UInt8], proof: [[UInt8]], root: [UInt8]) {
        let (log, entries) = try makeLog(count: 8)
        return (log, MerkleHash.leafHash(entries[1]), try log.inclusionProof(index: 1, treeSize: 8), log.rootHash)
    }

    @Test func tamperedProofElement() throws {
        let f = try Self.fixture()
        for i in f.proof.indices {
            var proof = f.proof
            proof[i][0] ^= 0x08
            #expect(expectCode(.inclusionRootMismatch) {
                try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: proof, rootHash: f.root)
            })
        }
    }

    @Test func wrongIndex() throws {
        let f = try Self.fixture()
        for index: UInt64 in [0, 2, 3, 5] {
            #expect(expectCode(.inclusionRootMismatch) {
                try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: index, treeSize: 8, proof: f.proof, rootHash: f.root)
            })
        }
        #expect(expectCode(.indexOutOfRange) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 8, treeSize: 8, proof: f.proof, rootHash: f.root)
        })
        #expect(expectCode(.indexOutOfRange) { _ = try f.log.inclusionProof(index: 8, treeSize: 8) })
        #expect(expectCode(.indexOutOfRange) { _ = try f.log.inclusionProof(index: 0, treeSize: 9) })
    }

    @Test func wrongSize() throws {
        let f = try Self.fixture()
        // Size 16 needs 4 hashes for leaf 1, size 2 needs 1.
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 16, proof: f.proof, rootHash: f.root)
        })
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 2, proof: f.proof, rootHash: f.root)
        })
        // Size 7 has the same path shape for leaf 1; against the size-7 root it fails. (The
        // size-8 root would verify: the path is identical, which is why a checkpoint signs
        // size and root together.)
        let root7 = try f.log.rootHash(treeSize: 7)
        #expect(expectCode(.inclusionRootMismatch) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 7, proof: f.proof, rootHash: root7)
        })
        // Leaf 6 of 8 claimed in size 7: the path runs out (sn reaches 0 early).
        let proof6 = try f.log.inclusionProof(index: 6, treeSize: 8)
        let leaf6 = MerkleHash.leafHash(Array("entry 6".utf8))
        try ProofVerifier.verifyInclusion(leafHash: leaf6, index: 6, treeSize: 8, proof: proof6, rootHash: f.root)
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyInclusion(leafHash: leaf6, index: 6, treeSize: 7, proof: proof6, rootHash: root7)
        })
    }

    @Test func truncatedAndOverlongProofs() throws {
        let f = try Self.fixture()
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: Array(f.proof.dropLast()), rootHash: f.root)
        })
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: f.proof + [f.root], rootHash: f.root)
        })
        let huge = [[UInt8]](repeating: f.root, count: 65)
        #expect(expectCode(.proofTooLong) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: huge, rootHash: f.root)
        })
        #expect(expectCode(.proofTooLong) {
            try ProofVerifier.verifyConsistency(oldSize: 3, newSize: 8, oldRoot: f.root, newRoot: f.root, proof: huge)
        })
        var short = f.proof
        short[0] = Array(short[0].dropLast())
        #expect(expectCode(.malformedHash) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: short, rootHash: f.root)
        })
        #expect(expectCode(.malformedHash) {
            try ProofVerifier.verifyInclusion(leafHash: f.leaf, index: 1, treeSize: 8, proof: f.proof, rootHash: [])
        })
    }

    @Test func consistencyNegatives() throws {
        let (log, _) = try makeLog(count: 8)
        let r6 = try log.rootHash(treeSize: 6)
        let r8 = log.rootHash
        let proof = try log.consistencyProof(oldSize: 6, newSize: 8)
        try ProofVerifier.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: r6, newRoot: r8, proof: proof)
        for i in proof.indices {
            var bad = proof
            bad[i][0] ^= 0x10
            #expect(expectCode(.inconsistentLog) {
                try ProofVerifier.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: r6, newRoot: r8, proof: bad)
            })
        }
        #expect(expectCode(.inconsistentLog) {
            try ProofVerifier.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: r8, newRoot: r6, proof: proof)
        })
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: r6, newRoot: r8, proof: [])
        })
        #expect(expectCode(.invalidProofLength) {
            try ProofVerifier.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: r6, newRoot: r8, proof: Array(proof.dropLast()))
        })
        #expect(expectCode(.checkpointRollback) {
            try ProofVerifier.verifyConsistency(oldSize: 8, newSize: 6, oldRoot: r8, newRoot: r6, proof: proof)
        })
        #expect(expectCode(.inconsistentLog) {
            try ProofVerifier.verifyConsistency(oldSize: 8, newSize: 8, oldRoot: r8, newRoot: r6, proof: [])
        })
    }

    /// A log whose history was rewritten (entry 2 replaced) cannot prove consistency with a
    /// checkpoint of the original history.
    @Test func rewrittenLogFailsConsistency() throws {
        let (original, entries) = try makeLog(count: 5)
        var rewritten = try MerkleLog(storage: InMemoryLogStorage())
        for (i, entry) in entries.enumerated() { try rewritten.append(entry: i == 2 ? Array("ghost".utf8) : entry) }
        for i in 5..<9 { try rewritten.append(entry: Array("entry \(i)".utf8)) }
        let proof = try rewritten.consistencyProof(oldSize: 5, newSize: 9)
        #expect(expectCode(.inconsistentLog) {
            try ProofVerifier.verifyConsistency(
                oldSize: 5, newSize: 9, oldRoot: original.rootHash, newRoot: rewritten.rootHash, proof: proof)
        })
    }
}
