import MLSCodec

/// Which ``MLSLimits`` bound applies to each kind of wire field, so every decoder in
/// Messages/, Extensions/ and Credentials/ uses the same choice.
enum WireLimits {
    /// Public keys, signatures, hashes, MACs, references, nonces, KEM outputs, secrets.
    static let key = MLSLimits.maxKeyLength
    /// Group ids, identities, PSK ids, application ids.
    static let identifier = MLSLimits.maxIdentifierLength
    /// Application data, authenticated data, ciphertexts, certificates, lists inside one message.
    static let message = MLSLimits.maxMessageLength
    /// Anything that may carry a whole ratchet tree (extension data, extension lists,
    /// encrypted GroupInfo, the tree itself).
    static let tree = MLSLimits.maxRatchetTreeLength
    /// Lists of 16-bit code points (capabilities, required capabilities).
    static let codeList = MLSLimits.maxIdentifierLength
    /// A list of `uint32` leaf indices (unmerged leaves).
    static let leafList = Int(MLSLimits.maxLeaves) * 4
}
