import MLSCrypto

/// RFC 9180 HPKE in base mode (mode_base = 0x00), single-shot: one seal/open at sequence
/// number 0, plus the secret export interface. Cove's own implementation on raw primitives.
struct HPKE: Sendable {
    let kem: KEMAlgorithm
    let kdf: HashAlgorithm
    let aead: AEADAlgorithm

    /// `suite_id = concat("HPKE", I2OSP(kem_id, 2), I2OSP(kdf_id, 2), I2OSP(aead_id, 2))`.
    var suiteID: [UInt8] { Array("HPKE".utf8) + i2osp2(kem.id) + i2osp2(kdf.hpkeID) + i2osp2(aead.id) }

    /// The encryption context after `KeySchedule` (RFC 9180 §5.1), at sequence number 0.
    struct Context: Sendable {
        let hpke: HPKE
        let key: SecretBytes
        let baseNonce: [UInt8]
        let exporterSecret: SecretBytes

        /// `ContextS.Seal(aad, pt)` with seq = 0, so the nonce is `base_nonce`.
        func seal(aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
            try hpke.aead.seal(key: key, nonce: baseNonce, aad: aad, plaintext: plaintext)
        }

        /// `ContextR.Open(aad, ct)` with seq = 0.
        func open(aad: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
            try hpke.aead.open(key: key, nonce: baseNonce, aad: aad, ciphertext: ciphertext)
        }

        /// `Context.Export(exporter_context, L) = LabeledExpand(exporter_secret, "sec", exporter_context, L)`.
        func export(exporterContext: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
            try hpke.kdf.labeledExpand(suiteID: hpke.suiteID, prk: exporterSecret, label: "sec", info: exporterContext, length: length)
        }
    }

    /// `KeySchedule(mode_base, shared_secret, info, default_psk, default_psk_id)`.
    func keySchedule(sharedSecret: SecretBytes, info: [UInt8]) throws(CryptoError) -> Context {
        let modeBase: UInt8 = 0x00
        let pskIDHash = kdf.labeledExtract(suiteID: suiteID, salt: [], label: "psk_id_hash", ikm: SecretBytes([]))
        let infoHash = kdf.labeledExtract(suiteID: suiteID, salt: [], label: "info_hash", ikm: SecretBytes(info))
        let keyScheduleContext = [modeBase] + pskIDHash.exposedBytes + infoHash.exposedBytes
        let secret = kdf.labeledExtract(suiteID: suiteID, salt: sharedSecret.exposedBytes, label: "secret", ikm: SecretBytes([]))
        let key = try kdf.labeledExpand(suiteID: suiteID, prk: secret, label: "key", info: keyScheduleContext, length: aead.keyLength)
        let baseNonce = try kdf.labeledExpand(suiteID: suiteID, prk: secret, label: "base_nonce", info: keyScheduleContext, length: aead.nonceLength)
        let exporterSecret = try kdf.labeledExpand(suiteID: suiteID, prk: secret, label: "exp", info: keyScheduleContext, length: kdf.outputLength)
        return Context(hpke: self, key: key, baseNonce: baseNonce.exposedBytes, exporterSecret: exporterSecret)
    }

    /// `SetupBaseS(pkR, info)`; `ephemeralIKM` makes it deterministic (test vectors only).
    func setupBaseS(publicKey: [UInt8], info: [UInt8], ephemeralIKM: SecretBytes? = nil) throws(CryptoError) -> (enc: [UInt8], context: Context) {
        let (sharedSecret, enc) = try kem.encap(publicKey: publicKey, ephemeralIKM: ephemeralIKM)
        return (enc, try keySchedule(sharedSecret: sharedSecret, info: info))
    }

    /// `SetupBaseR(enc, skR, info)`.
    func setupBaseR(enc: [UInt8], privateKey: SecretBytes, info: [UInt8]) throws(CryptoError) -> Context {
        let sharedSecret = try kem.decap(enc: enc, privateKey: privateKey)
        return try keySchedule(sharedSecret: sharedSecret, info: info)
    }

    /// `SealBase(pkR, info, aad, pt)`.
    func sealBase(publicKey: [UInt8], info: [UInt8], aad: [UInt8], plaintext: [UInt8], ephemeralIKM: SecretBytes? = nil) throws(CryptoError) -> HPKECiphertext {
        let (enc, context) = try setupBaseS(publicKey: publicKey, info: info, ephemeralIKM: ephemeralIKM)
        return HPKECiphertext(kemOutput: enc, ciphertext: try context.seal(aad: aad, plaintext: plaintext))
    }

    /// `OpenBase(enc, skR, info, aad, ct)`.
    func openBase(_ ciphertext: HPKECiphertext, privateKey: SecretBytes, info: [UInt8], aad: [UInt8]) throws(CryptoError) -> [UInt8] {
        let context = try setupBaseR(enc: ciphertext.kemOutput, privateKey: privateKey, info: info)
        return try context.open(aad: aad, ciphertext: ciphertext.ciphertext)
    }
}

extension HashAlgorithm {
    /// RFC 9180 KDF identifier of HKDF with this hash.
    var hpkeID: UInt16 {
        switch self {
        case .sha256: 0x0001
        case .sha384: 0x0002
        case .sha512: 0x0003
        }
    }

    init?(hpkeID: UInt16) {
        switch hpkeID {
        case 0x0001: self = .sha256
        case 0x0002: self = .sha384
        case 0x0003: self = .sha512
        default: return nil
        }
    }
}
