import MLS

/// Suites the schedule tests run over: every suite swift-crypto backs.
enum ScheduleSuites {
    static let all: [CipherSuite] = [
        .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
        .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMP521AES256GCMSHA512P521,
        .mls256DHKEMP384AES256GCMSHA384P384,
    ]

    static func provider(_ suite: CipherSuite) throws -> any CipherSuiteProvider {
        try SwiftCryptoProvider().provider(for: suite)
    }

    /// A deterministic, distinct Nh-byte secret.
    static func secret(_ seed: UInt8, _ provider: any CipherSuiteProvider) -> SecretBytes {
        SecretBytes((0..<provider.hashLength).map { UInt8(truncatingIfNeeded: $0) &+ seed })
    }
}

/// The MLSError code `body` throws, or nil if it succeeds or throws another error type.
func mlsErrorCode<T>(_ body: () throws -> T) -> MLSError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as MLSError {
        return error.code
    } catch {
        return nil
    }
}
