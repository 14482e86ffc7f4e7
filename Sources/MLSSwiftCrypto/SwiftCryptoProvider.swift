import MLSCrypto

/// The ``CryptoProvider`` backed by swift-crypto: suites 1, 2, 3, 5, 7 and the X-Wing suite.
///
/// Suites 4 and 6 need X448/Ed448, which swift-crypto lacks; they throw
/// ``CryptoError/Code/unsupportedCipherSuite``.
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
