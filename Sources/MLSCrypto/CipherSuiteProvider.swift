import MLSCodec

/// A freshly generated or derived asymmetric key pair.
public struct KeyPair: Sendable, Equatable {
    /// The private key, serialized as RFC 9180 SerializePrivateKey (HPKE) or as the raw
    /// seed/scalar (signatures: Ed25519 32-byte seed; ECDSA big-endian scalar).
    public let privateKey: SecretBytes
    /// The public key, raw (X25519/Ed25519 32 bytes; NIST curves uncompressed 0x04||X||Y;
    /// X-Wing 1216 bytes).
    public let publicKey: [UInt8]

    public init(privateKey: SecretBytes, publicKey: [UInt8]) {
        self.privateKey = privateKey
        self.publicKey = publicKey
    }
}

/// The output of a single-shot HPKE seal: `HPKECiphertext` of RFC 9420 §5.1.3.
public struct HPKECiphertext: Sendable, Hashable, MLSCodable {
    public var kemOutput: [UInt8]
    public var ciphertext: [UInt8]

    public init(kemOutput: [UInt8], ciphertext: [UInt8]) {
        self.kemOutput = kemOutput
        self.ciphertext = ciphertext
    }

    // struct {
    //     opaque kem_output<V>;
    //     opaque ciphertext<V>;
    // } HPKECiphertext;
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(kemOutput)
        writer.writeOpaque(ciphertext)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        kemOutput = try reader.readOpaque(maxLength: MLSLimits.maxKeyLength)
        ciphertext = try reader.readOpaque(maxLength: MLSLimits.maxMessageLength)
    }
}

/// The primitives of one cipher suite (RFC 9420 §5.1). MLSCore uses nothing else, so the
/// protocol code never depends on a particular crypto library.
///
/// Implementations must be thread-safe and must not log or describe secrets.
public protocol CipherSuiteProvider: Sendable {
    var suite: CipherSuite { get }
    var parameters: CipherSuite.Parameters { get }

    // MARK: Hash and KDF

    /// `Hash(data)`.
    func hash(_ data: [UInt8]) -> [UInt8]
    /// `KDF.Extract(salt, ikm)` (HKDF-Extract); output is Nh bytes.
    func extract(salt: [UInt8], ikm: SecretBytes) -> SecretBytes
    /// `KDF.Expand(prk, info, length)` (HKDF-Expand).
    func expand(prk: SecretBytes, info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes
    /// `MAC(key, data)`: HMAC with the suite's hash.
    func mac(key: SecretBytes, data: [UInt8]) -> [UInt8]

    // MARK: AEAD

    func seal(key: SecretBytes, nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8]
    func open(key: SecretBytes, nonce: [UInt8], aad: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8]

    // MARK: Signatures

    func generateSignatureKeyPair() throws(CryptoError) -> KeyPair
    func signaturePublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8]
    func sign(_ message: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> [UInt8]
    /// False for any malformed key or signature; never throws.
    func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool

    // MARK: HPKE (RFC 9180 base mode)

    func generateKEMKeyPair() throws(CryptoError) -> KeyPair
    /// RFC 9180 §7.1.3 `DeriveKeyPair(ikm)` (for X-Wing, the draft's seed expansion).
    func deriveKEMKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair
    func kemPublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8]
    /// `SealBase(pk, info, aad, pt)`.
    func hpkeSeal(publicKey: [UInt8], info: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> HPKECiphertext
    /// `OpenBase(enc, sk, info, aad, ct)`.
    func hpkeOpen(_ ciphertext: HPKECiphertext, privateKey: SecretBytes, info: [UInt8], aad: [UInt8]) throws(CryptoError) -> [UInt8]
    /// `SetupBaseS(pk, info)` then `context.export(exporterContext, length)`: the sender side of
    /// RFC 9420 §12.1.8 ExternalInit. Returns the KEM output and the exported secret.
    func hpkeExportSender(publicKey: [UInt8], info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> (kemOutput: [UInt8], secret: SecretBytes)
    /// `SetupBaseR(enc, sk, info)` then `context.export(exporterContext, length)`.
    func hpkeExportReceiver(kemOutput: [UInt8], privateKey: SecretBytes, info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> SecretBytes

    // MARK: Randomness

    /// `count` bytes from the system CSPRNG.
    func randomBytes(_ count: Int) -> SecretBytes
}

/// Creates providers by suite: the one injection point for crypto in MLSCore.
public protocol CryptoProvider: Sendable {
    /// The provider for `suite`, or throws ``CryptoError/Code/unsupportedCipherSuite``.
    func provider(for suite: CipherSuite) throws(CryptoError) -> any CipherSuiteProvider
    /// Suites this provider implements, in order of preference.
    var supportedSuites: [CipherSuite] { get }
}
