import MLSCrypto

/// One single-use AEAD key and nonce from a sender ratchet (RFC 9420 §9.1):
/// `ratchet_key_[N]_[j]` and `ratchet_nonce_[N]_[j]` with `j = generation`.
///
/// Use it to protect or unprotect exactly one message, then drop it.
public struct RatchetKey: Sendable, Hashable {
    public let generation: UInt32
    public let key: SecretBytes
    /// The key-schedule nonce, before the reuse guard is applied.
    public let nonce: SecretBytes

    public init(generation: UInt32, key: SecretBytes, nonce: SecretBytes) {
        self.generation = generation
        self.key = key
        self.nonce = nonce
    }

    /// The AEAD nonce for a message carrying `reuseGuard` (RFC 9420 §6.3.1): the first four
    /// bytes of ``nonce`` XORed with the guard.
    public func nonce(reuseGuard: [UInt8]) throws(MLSError) -> [UInt8] {
        try ReuseGuard.apply(reuseGuard, to: nonce)
    }
}

/// The reuse guard of RFC 9420 §6.3.1, guarding against key/nonce reuse after state loss.
public enum ReuseGuard {
    /// Length of `SenderData.reuse_guard`.
    public static let length = 4

    /// `nonce` with its first four bytes XORed with `reuseGuard`:
    ///
    /// ```
    /// | Key Schedule Nonce | XOR | Guard | 0...0 | = Encrypt/Decrypt Nonce
    /// ```
    ///
    /// Throws ``MLSError/Code/invalidReuseGuard`` unless the guard is 4 bytes and the nonce at
    /// least 4.
    public static func apply(_ reuseGuard: [UInt8], to nonce: SecretBytes) throws(MLSError) -> [UInt8] {
        guard reuseGuard.count == length, nonce.count >= length else { throw MLSError(.invalidReuseGuard) }
        var result = nonce.exposedBytes
        for i in 0..<length { result[i] ^= reuseGuard[i] }
        return result
    }
}
