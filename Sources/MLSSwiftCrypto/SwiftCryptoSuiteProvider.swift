import MLSCrypto

/// One supported suite's primitives on swift-crypto, with Cove's own HPKE (RFC 9180 base mode).
struct SwiftCryptoSuiteProvider: CipherSuiteProvider {
    let suite: CipherSuite
    let parameters: CipherSuite.Parameters
    let hashAlgorithm: HashAlgorithm
    let aead: AEADAlgorithm
    let signature: SignatureAlgorithm
    let hpke: HPKE

    init(suite: CipherSuite) throws(CryptoError) {
        guard let parameters = suite.parameters,
              let kem = KEMAlgorithm(id: parameters.kemID),
              let kdf = HashAlgorithm(hpkeID: parameters.kdfID),
              let aead = AEADAlgorithm(id: parameters.aeadID),
              let signature = SignatureAlgorithm(scheme: parameters.signatureScheme),
              kdf.outputLength == parameters.hashLength, aead.keyLength == parameters.aeadKeyLength
        else { throw CryptoError(.unsupportedCipherSuite, suite.description) }
        self.suite = suite
        self.parameters = parameters
        self.hashAlgorithm = kdf
        self.aead = aead
        self.signature = signature
        self.hpke = HPKE(kem: kem, kdf: kdf, aead: aead)
    }

    // MARK: Hash and KDF

    func hash(_ data: [UInt8]) -> [UInt8] { hashAlgorithm.hash(data) }

    func extract(salt: [UInt8], ikm: SecretBytes) -> SecretBytes { hashAlgorithm.extract(salt: salt, ikm: ikm) }

    func expand(prk: SecretBytes, info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        try hashAlgorithm.expand(prk: prk, info: info, length: length)
    }

    func mac(key: SecretBytes, data: [UInt8]) -> [UInt8] {
        hashAlgorithm.hmac(key: key.withUnsafeBytes { .init(data: $0) }, data: data)
    }

    // MARK: AEAD

    func seal(key: SecretBytes, nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try aead.seal(key: key, nonce: nonce, aad: aad, plaintext: plaintext)
    }

    func open(key: SecretBytes, nonce: [UInt8], aad: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try aead.open(key: key, nonce: nonce, aad: aad, ciphertext: ciphertext)
    }

    // MARK: Signatures

    func generateSignatureKeyPair() throws(CryptoError) -> KeyPair { try signature.generateKeyPair() }

    func signaturePublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try signature.publicKey(privateKey: privateKey)
    }

    func sign(_ message: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try signature.sign(message, privateKey: privateKey)
    }

    func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        self.signature.verify(signature, message: message, publicKey: publicKey)
    }

    // MARK: HPKE

    func generateKEMKeyPair() throws(CryptoError) -> KeyPair { try hpke.kem.generateKeyPair() }

    func deriveKEMKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair { try hpke.kem.deriveKeyPair(ikm: ikm) }

    func kemPublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] { try hpke.kem.publicKey(privateKey: privateKey) }

    func hpkeSeal(publicKey: [UInt8], info: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> HPKECiphertext {
        try hpke.sealBase(publicKey: publicKey, info: info, aad: aad, plaintext: plaintext)
    }

    func hpkeOpen(_ ciphertext: HPKECiphertext, privateKey: SecretBytes, info: [UInt8], aad: [UInt8]) throws(CryptoError) -> [UInt8] {
        try hpke.openBase(ciphertext, privateKey: privateKey, info: info, aad: aad)
    }

    func hpkeExportSender(publicKey: [UInt8], info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> (kemOutput: [UInt8], secret: SecretBytes) {
        let (enc, context) = try hpke.setupBaseS(publicKey: publicKey, info: info)
        return (enc, try context.export(exporterContext: exporterContext, length: length))
    }

    func hpkeExportReceiver(kemOutput: [UInt8], privateKey: SecretBytes, info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        try hpke.setupBaseR(enc: kemOutput, privateKey: privateKey, info: info).export(exporterContext: exporterContext, length: length)
    }

    // MARK: Randomness

    func randomBytes(_ count: Int) -> SecretBytes {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        var word: UInt64 = 0
        for i in bytes.indices {
            if i % 8 == 0 { word = generator.next() }
            bytes[i] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i % 8)))
        }
        word = 0
        defer { bytes.wipe() }
        return SecretBytes(bytes)
    }
}
