import MLSCrypto

/// A client's long-term identity in MLS: its credential and the signature key pair bound to
/// it (RFC 9420 §5.3). The private key stays in `SecretBytes`.
public struct SigningIdentity: Sendable, Hashable {
    /// The credential binding the client's identity to `signaturePublicKey`.
    public let credential: Credential
    /// The public signature key, in the suite's raw encoding.
    public let signaturePublicKey: [UInt8]
    /// The private signature key (Ed25519 seed or ECDSA scalar). Never leaves this value
    /// except through ``MLSGroup/encoded()`` (which the caller stores encrypted).
    public let signaturePrivateKey: SecretBytes

    /// Wraps an existing key pair. Checks that the public key matches the private one.
    public init(credential: Credential, signaturePrivateKey: SecretBytes, provider: any CipherSuiteProvider) throws(MLSError) {
        let publicKey: [UInt8]
        do { publicKey = try provider.signaturePublicKey(privateKey: signaturePrivateKey) } catch {
            throw MLSError(.invalidCredential, "signature private key")
        }
        self.credential = credential
        self.signaturePublicKey = publicKey
        self.signaturePrivateKey = signaturePrivateKey
    }

    /// Generates a fresh signature key pair for `credential`.
    public static func generate(credential: Credential, provider: any CipherSuiteProvider) throws(MLSError) -> SigningIdentity {
        let pair: KeyPair
        do { pair = try provider.generateSignatureKeyPair() } catch { throw MLSError(.invalidCredential, "key generation") }
        return SigningIdentity(credential: credential, publicKey: pair.publicKey, privateKey: pair.privateKey)
    }

    init(credential: Credential, publicKey: [UInt8], privateKey: SecretBytes) {
        self.credential = credential
        self.signaturePublicKey = publicKey
        self.signaturePrivateKey = privateKey
    }

    /// The credential type of `credential`.
    public var credentialType: CredentialType { credential.credentialType }
}
