import FuzzSupport
import MLS

// Decodes arbitrary bytes as a Welcome; anything that decodes must re-encode identically.
runFuzzer { bytes in
    guard let value = try? Welcome(mlsEncoded: bytes) else { return }
    requireCanonical(bytes, value.mlsEncoded, "Welcome")
}
