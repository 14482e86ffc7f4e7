import MLSCrypto

/// The ``CryptoProvider`` backed by swift-crypto: suites 1, 2, 3, 5, 7 and the X-Wing suite.
///
/// Suites 4 and 6 need X448/Ed448, which swift-crypto lacks; they throw
/// ``CryptoError/Code/unsupportedCipherSuite``.
///
/// Formats: signature keys are the Ed25519 32-byte seed / ECDSA big-endian scalar (private) and
/// raw 32 bytes / uncompressed X9.63 point (public), ECDSA signatures DER. HPKE keys use RFC 9180
/// SerializePrivateKey/SerializePublicKey (X-Wing: 32-byte seed, 1216-byte key).
///
/// Errors: malformed keys or points are `invalidKey`; anything wrong with a received HPKE or
/// AEAD ciphertext (including a bad `kem_output`) is `decryptionFailed`; bad AEAD nonce lengths
/// and over-long KDF outputs are `invalidLength`.
///
/// HPKE is Cove's own RFC 9180 base-mode code (see `HPKE`); swift-crypto supplies the hash, HMAC,
/// AEAD, signature, X25519/ECDH and X-Wing primitives.
public struct SwiftCryptoProvider: CryptoProvider {
    public init() {}

    public var supportedSuites: [CipherSuite] {
        [
            .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
            .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMP521AES256GCMSHA512P521,
            .mls256DHKEMP384AES256GCMSHA384P384, .mls128XWingAES128GCMSHA256Ed25519,
        ]
    }

    public func provider(for suite: CipherSuite) throws(MLSCrypto.CryptoError) -> any CipherSuiteProvider {
        guard supportedSuites.contains(suite) else { throw CryptoError(.unsupportedCipherSuite, suite.description) }
        return try SwiftCryptoSuiteProvider(suite: suite)
    }
}
