/// The one error type of MLSCrypto and its providers.
///
/// Descriptions never contain key material, plaintext or ciphertext.
public struct CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The cipher suite is not implemented by this provider (e.g. X448/Ed448 suites 4 and 6).
        public static let unsupportedCipherSuite = Code(rawValue: "crypto.unsupported_cipher_suite")
        /// A public or private key had the wrong length or was not a valid point/scalar.
        public static let invalidKey = Code(rawValue: "crypto.invalid_key")
        /// AEAD or HPKE decryption failed: wrong key, nonce, associated data or a modified ciphertext.
        public static let decryptionFailed = Code(rawValue: "crypto.decryption_failed")
        /// Encryption or encapsulation failed.
        public static let encryptionFailed = Code(rawValue: "crypto.encryption_failed")
        /// Signing failed.
        public static let signingFailed = Code(rawValue: "crypto.signing_failed")
        /// A KDF was asked for more output than it can produce (HKDF: 255 * Nh).
        public static let invalidLength = Code(rawValue: "crypto.invalid_length")
        /// DeriveKeyPair found no valid key (rejection sampling exhausted; practically unreachable).
        public static let deriveKeyPairFailed = Code(rawValue: "crypto.derive_key_pair_failed")
        /// The system random number generator failed.
        public static let randomFailed = Code(rawValue: "crypto.random_failed")
    }

    public let code: Code
    public let context: String

    public init(_ code: Code, _ context: String = "") {
        self.code = code
        self.context = context
    }

    public var description: String {
        context.isEmpty ? code.rawValue : "\(code.rawValue) (\(context))"
    }
}
