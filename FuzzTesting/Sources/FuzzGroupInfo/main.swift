import FuzzSupport
import MLS

// Decodes arbitrary bytes as a GroupInfo; anything that decodes must re-encode identically.
runFuzzer { bytes in
    guard let value = try? GroupInfo(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, value.mlsEncoded, "GroupInfo")
}
