import MLSCrypto

/// Thin wrappers that turn `CryptoError` into `MLSError` for the group code.
enum GroupCrypto {
    /// `last_resort` KeyPackage extension (RFC 9420 §17.3 registry entry 0x000A).
    static let lastResortExtensionType = ExtensionType(rawValue: 0x000A)

    static func provider(_ crypto: any CryptoProvider, _ suite: CipherSuite) throws(MLSError) -> any CipherSuiteProvider {
        do { return try crypto.provider(for: suite) } catch { throw MLSError(.unsupportedCipherSuite, "\(suite)") }
    }

    static func generateKEM(_ provider: any CipherSuiteProvider) throws(MLSError) -> KeyPair {
        do { return try provider.generateKEMKeyPair() } catch { throw MLSError(.unsupportedCipherSuite, "KEM key generation") }
    }

    static func sign(_ provider: any CipherSuiteProvider, _ identity: SigningIdentity, label: String, _ content: [UInt8]) throws(MLSError) -> [UInt8] {
        do { return try provider.signWithLabel(privateKey: identity.signaturePrivateKey, label: label, content: content) } catch {
            throw MLSError(.invalidCredential, "signing failed")
        }
    }

    /// Capabilities advertising version 1.0, `suite`, and basic and X.509 credentials.
    static func defaultCapabilities(suite: CipherSuite) -> Capabilities {
        Capabilities(versions: [.mls10], cipherSuites: [suite], extensions: [], proposals: [], credentials: [.basic, .x509])
    }
}
