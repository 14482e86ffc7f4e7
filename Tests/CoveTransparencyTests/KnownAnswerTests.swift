import CoveTransparency
import Testing

/// Known-answer values for RFC 6962/9162 SHA-256 Merkle trees over the classic 8 leaf inputs of
/// the Certificate Transparency reference tests. Source: transparency-dev/merkle,
/// testonly/constants.go (LeafInputs, NodeHashes, RootHashes) and proof/verify_test.go
/// (inclusionProofs, consistencyProofs), which carry over google/certificate-transparency's
/// merkle_tree_test.cc. Leaf numbers there are 1-based in the inclusion table; converted below.
struct KnownAnswerTests {
    static let leaves: [[UInt8]] = [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ]
    /// Roots for sizes 0...8.
    static let roots: [String] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
    /// Level-0 node hashes (leaf hashes) from NodeHashes().
    static let leafHashes: [String] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ]
    /// (0-based leaf index, tree size, path).
    static let inclusion: [(UInt64, UInt64, [String])] = [
        (0, 1, []),
        (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    ]
    /// (old size, new size, path).
    static let consistency: [(UInt64, UInt64, [String])] = [
        (1, 1, []),
        (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    @Test func leafHashesMatch() {
        for (leaf, expected) in zip(Self.leaves, Self.leafHashes) {
            #expect(MerkleHash.leafHash(leaf) == hex(expected))
        }
    }

    @Test func rootsForEverySize() throws {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        #expect(log.rootHash == hex(Self.roots[0]))
        #expect(MerkleHash.root(leafHashes: []) == hex(Self.roots[0]))
        for (i, leaf) in Self.leaves.enumerated() {
            try log.append(entry: leaf)
            #expect(log.rootHash == hex(Self.roots[i + 1]), "size \(i + 1)")
            #expect(MerkleHash.root(leafHashes: Self.leaves[...i].map { MerkleHash.leafHash($0) }) == hex(Self.roots[i + 1]))
        }
        for size in 0...8 {
            #expect(try log.rootHash(treeSize: UInt64(size)) == hex(Self.roots[size]))
        }
    }

    @Test func publishedInclusionProofs() throws {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        for leaf in Self.leaves { try log.append(entry: leaf) }
        for (index, size, path) in Self.inclusion {
            let proof = try log.inclusionProof(index: index, treeSize: size)
            #expect(proof == path.map(hex), "leaf \(index) size \(size)")
            try ProofVerifier.verifyInclusion(
                leafHash: MerkleHash.leafHash(Self.leaves[Int(index)]), index: index, treeSize: size,
                proof: path.map(hex), rootHash: hex(Self.roots[Int(size)]))
        }
    }

    @Test func publishedConsistencyProofs() throws {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        for leaf in Self.leaves { try log.append(entry: leaf) }
        for (old, new, path) in Self.consistency {
            let proof = try log.consistencyProof(oldSize: old, newSize: new)
            #expect(proof == path.map(hex), "\(old) -> \(new)")
            try ProofVerifier.verifyConsistency(
                oldSize: old, newSize: new, oldRoot: hex(Self.roots[Int(old)]), newRoot: hex(Self.roots[Int(new)]),
                proof: path.map(hex))
        }
    }
}
