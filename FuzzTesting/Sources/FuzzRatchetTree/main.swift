import FuzzSupport
import MLS

// Decodes arbitrary bytes as a ratchet_tree extension; anything that decodes must re-encode
// identically. A decoded node list then goes through everything a joiner does with a received
// tree (RFC 9420 §12.4.3.1): structural checks (`RatchetTree.init`), tree hash, resolutions
// and filtered direct paths, parent-hash and leaf validation. None of it may trap.
//
// The suite is inferred from the first leaf's signature key length so that trees from the
// vectors of every suite reach the signature checks with keys of the right shape.
let provider = SwiftCryptoProvider()

func suite(for tree: RatchetTree) -> CipherSuite {
    switch tree.members.first?.leaf.signatureKey.count {
    case 65?: .mls128DHKEMP256AES128GCMSHA256P256
    case 97?: .mls256DHKEMP384AES256GCMSHA384P384
    case 133?: .mls256DHKEMP521AES256GCMSHA512P521
    default: .mls128DHKEMX25519AES128GCMSHA256Ed25519
    }
}

runFuzzer { bytes in
    guard let nodes = try? RatchetTreeNodes(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, nodes.mlsEncoded, "RatchetTreeNodes")
    guard let tree = try? RatchetTree(nodes) else { return }
    // A tree accepted from the wire serializes back to exactly the received node list.
    requireCanonical(bytes, tree.serialized.mlsEncoded, "RatchetTree")
    guard let cs = try? provider.provider(for: suite(for: tree)) else { return }

    let hashes = tree.treeHashes(cs)
    require(hashes.count == tree.nodes.count, "one tree hash per node")
    require(hashes[Int(tree.root.rawValue)] == tree.treeHash(cs), "root tree hash agrees with treeHashes")
    for leaf in 0..<tree.leafCount {
        let index = LeafIndex(leaf)
        _ = tree.filteredDirectPath(of: index)
        _ = tree.resolution(of: index.nodeIndex)
    }
    _ = try? tree.validateUnmergedLeaves()
    _ = try? tree.verifyParentHashes(cs)
    _ = try? tree.validateKeyUniqueness()
    _ = try? tree.validate(groupID: [], provider: cs)
}
