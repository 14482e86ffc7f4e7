import MLSCrypto

/// swift-crypto also declares a `CryptoError`; inside this module the name means MLSCrypto's.
typealias CryptoError = MLSCrypto.CryptoError
