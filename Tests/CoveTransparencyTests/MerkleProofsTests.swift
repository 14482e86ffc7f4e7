import CoveTransparency
import Testing

/// The two-step proof path a database store uses (plan the nodes, fetch, combine) must give
/// exactly the proofs of `MerkleLog`, and read only the planned nodes.
@Suite struct MerkleProofsTests {
    /// A reader over the log's storage that fails on any node outside `allowed`.
    func restricted(_ log: MerkleLog<InMemoryLogStorage>, _ allowed: Set<MerkleNode>) -> MerkleProofs.NodeReader {
        { (level: Int, index: UInt64) throws(TransparencyError) -> [UInt8] in
            guard allowed.contains(MerkleNode(level: level, index: index)) else {
                throw TransparencyError(.storage, "unplanned node (\(level), \(index))")
            }
            return try log.storage.hash(level: level, index: index)
        }
    }

    @Test func plannedNodesGiveTheSameProofs() throws {
        let (log, _) = try makeLog(count: 70)
        for size in UInt64(1)...70 {
            for index in Set([0, 1, size / 3, size / 2, size - 1].filter { $0 < size }) {
                let plan = try MerkleProofs.nodesForInclusion(index: index, treeSize: size)
                #expect(plan.count <= 2 * 7)
                let proof = try MerkleProofs.inclusionProof(index: index, treeSize: size, node: restricted(log, plan))
                #expect(proof == (try log.inclusionProof(index: index, treeSize: size)))
            }
            for old in Set([0, 1, size / 2, size - 1, size].filter { $0 <= size }) {
                let plan = try MerkleProofs.nodesForConsistency(oldSize: old, newSize: size)
                let proof = try MerkleProofs.consistencyProof(oldSize: old, newSize: size, node: restricted(log, plan))
                #expect(proof == (try log.consistencyProof(oldSize: old, newSize: size)))
            }
            let plan = try MerkleProofs.nodesForRoot(treeSize: size)
            #expect(plan.count == size.nonzeroBitCount)
            #expect(try MerkleProofs.rootHash(treeSize: size, node: restricted(log, plan)) == (try log.rootHash(treeSize: size)))
        }
    }

    @Test func aMissingNodeIsAnError() throws {
        let (log, _) = try makeLog(count: 9)
        let plan = try MerkleProofs.nodesForInclusion(index: 3, treeSize: 9)
        let fewer = Set(plan.dropFirst())
        #expect(expectCode(.storage) { _ = try MerkleProofs.inclusionProof(index: 3, treeSize: 9, node: restricted(log, fewer)) })
        #expect(expectCode(.indexOutOfRange) { _ = try MerkleProofs.nodesForInclusion(index: 9, treeSize: 9) })
        #expect(expectCode(.indexOutOfRange) { _ = try MerkleProofs.nodesForConsistency(oldSize: 5, newSize: 4) })
    }

    @Test func inOrderIndicesAreDistinctAndBounded() {
        var seen = Set<Int64>()
        for level in 0...7 {
            for index in UInt64(0)..<(UInt64(128) >> UInt64(level)) {
                let id = MerkleNode(level: level, index: index).inOrderIndex
                #expect(id != nil)
                if let id { #expect(seen.insert(id).inserted) }
            }
        }
        #expect(seen.count == 255)
        #expect(MerkleNode(level: 0, index: (1 << 62) - 1).inOrderIndex == Int64((UInt64(1) << 63) - 2))
        #expect(MerkleNode(level: 62, index: 0).inOrderIndex == Int64((UInt64(1) << 62) - 1))
        #expect(MerkleNode(level: 0, index: 1 << 62).inOrderIndex == nil)
        #expect(MerkleNode(level: 63, index: 0).inOrderIndex == nil)
        #expect(MerkleNode(level: -1, index: 0).inOrderIndex == nil)
    }
}
