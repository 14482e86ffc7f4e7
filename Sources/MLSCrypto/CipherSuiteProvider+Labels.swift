import MLSCodec

/// The labeled operations of RFC 9420 §5.1.2, §5.1.3, §5.2 and §8, built on the raw primitives
/// so that every provider gets them identically.
extension CipherSuiteProvider {
    /// Nh: the size of hash outputs and KDF secrets.
    public var hashLength: Int { parameters.hashLength }

    private static func mlsLabel(_ label: String) -> [UInt8] { Array("MLS 1.0 ".utf8) + Array(label.utf8) }

    // struct {
    //     uint16 length;
    //     opaque label<V>;
    //     opaque context<V>;
    // } KDFLabel;
    /// `ExpandWithLabel(Secret, Label, Context, Length)`.
    public func expandWithLabel(_ secret: SecretBytes, label: String, context: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        guard length >= 0, length <= Int(UInt16.max) else { throw CryptoError(.invalidLength, "ExpandWithLabel") }
        var info = MLSWriter()
        info.write(UInt16(length))
        info.writeOpaque(Self.mlsLabel(label))
        info.writeOpaque(context)
        return try expand(prk: secret, info: info.bytes, length: length)
    }

    /// `DeriveSecret(Secret, Label) = ExpandWithLabel(Secret, Label, "", Nh)`.
    public func deriveSecret(_ secret: SecretBytes, label: String) throws(CryptoError) -> SecretBytes {
        try expandWithLabel(secret, label: label, context: [], length: hashLength)
    }

    /// `DeriveTreeSecret(Secret, Label, Generation, Length)` (§9).
    public func deriveTreeSecret(_ secret: SecretBytes, label: String, generation: UInt32, length: Int) throws(CryptoError) -> SecretBytes {
        var context = MLSWriter()
        context.write(generation)
        return try expandWithLabel(secret, label: label, context: context.bytes, length: length)
    }

    // struct {
    //   opaque label<V>;
    //   opaque value<V>;
    // } RefHashInput;
    /// `RefHash(Label, Value)` (§5.2). Note: the label is used as given ("MLS 1.0 KeyPackage
    /// Reference", ...), without the "MLS 1.0 " prefix being added.
    public func refHash(label: String, value: [UInt8]) -> [UInt8] {
        var input = MLSWriter()
        input.writeOpaque(Array(label.utf8))
        input.writeOpaque(value)
        return hash(input.bytes)
    }

    // struct {
    //     opaque label<V>;
    //     opaque content<V>;
    // } SignContent;
    private static func signContent(label: String, content: [UInt8]) -> [UInt8] {
        var writer = MLSWriter()
        writer.writeOpaque(mlsLabel(label))
        writer.writeOpaque(content)
        return writer.bytes
    }

    /// `SignWithLabel(SignatureKey, Label, Content)`.
    public func signWithLabel(privateKey: SecretBytes, label: String, content: [UInt8]) throws(CryptoError) -> [UInt8] {
        try sign(Self.signContent(label: label, content: content), privateKey: privateKey)
    }

    /// `VerifyWithLabel(VerificationKey, Label, Content, SignatureValue)`.
    public func verifyWithLabel(publicKey: [UInt8], label: String, content: [UInt8], signature: [UInt8]) -> Bool {
        verify(signature, message: Self.signContent(label: label, content: content), publicKey: publicKey)
    }

    // struct {
    //   opaque label<V>;
    //   opaque context<V>;
    // } EncryptContext;
    private static func encryptContext(label: String, context: [UInt8]) -> [UInt8] {
        var writer = MLSWriter()
        writer.writeOpaque(mlsLabel(label))
        writer.writeOpaque(context)
        return writer.bytes
    }

    /// `EncryptWithLabel(PublicKey, Label, Context, Plaintext)`.
    public func encryptWithLabel(publicKey: [UInt8], label: String, context: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> HPKECiphertext {
        try hpkeSeal(publicKey: publicKey, info: Self.encryptContext(label: label, context: context), aad: [], plaintext: plaintext)
    }

    /// `DecryptWithLabel(PrivateKey, Label, Context, KEMOutput, Ciphertext)`.
    public func decryptWithLabel(privateKey: SecretBytes, label: String, context: [UInt8], ciphertext: HPKECiphertext) throws(CryptoError) -> [UInt8] {
        try hpkeOpen(ciphertext, privateKey: privateKey, info: Self.encryptContext(label: label, context: context), aad: [])
    }

    /// Checks `MAC(key, data) == tag` in constant time.
    public func verifyMAC(key: SecretBytes, data: [UInt8], tag: [UInt8]) -> Bool {
        constantTimeEquals(mac(key: key, data: data), tag)
    }
}
