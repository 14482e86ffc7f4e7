import FuzzSupport
import MLS

// Decodes arbitrary bytes as a MLSMessage; anything that decodes must re-encode identically.
runFuzzer { bytes in
    guard let value = try? MLSMessage(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, value.mlsEncoded, "MLSMessage")
}
