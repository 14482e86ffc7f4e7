import FuzzSupport
import MLS

// Decodes arbitrary bytes as a ratchet_tree extension; anything that decodes must re-encode
// identically.
runFuzzer { bytes in
    guard let nodes = try? RatchetTreeNodes(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, nodes.mlsEncoded, "RatchetTreeNodes")
}
