import FuzzSupport
import MLS

// Decodes arbitrary bytes as a KeyPackage; anything that decodes must re-encode identically.
runFuzzer { bytes in
    guard let value = try? KeyPackage(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, value.mlsEncoded, "KeyPackage")
}
