import MLSCrypto

extension KeySchedule {
    /// The exporter label of the external init secret (RFC 9420 §8.3).
    static let externalInitLabel = Array("MLS 1.0 external init secret".utf8)

    /// `external_priv, external_pub = KEM.DeriveKeyPair(external_secret)` (RFC 9420 §8).
    public func externalKeyPair(externalSecret: SecretBytes) throws -> KeyPair {
        try checkLength(externalSecret, "external_secret")
        return try provider.deriveKEMKeyPair(ikm: externalSecret)
    }

    /// A joiner's side of an external commit (RFC 9420 §8.3):
    /// `kem_output, context = SetupBaseS(external_pub, "")`,
    /// `init_secret = context.export("MLS 1.0 external init secret", KDF.Nh)`.
    public func externalInit(externalPub: [UInt8]) throws -> (kemOutput: [UInt8], initSecret: SecretBytes) {
        let result = try provider.hpkeExportSender(
            publicKey: externalPub, info: [], exporterContext: Self.externalInitLabel, length: provider.hashLength)
        return (result.kemOutput, result.secret)
    }

    /// A member's side of an ExternalInit proposal (RFC 9420 §8.3, §12.1.5): recovers the
    /// `init_secret` from `kem_output` with the previous epoch's external private key.
    public func externalInitSecret(kemOutput: [UInt8], externalSecret: SecretBytes) throws -> SecretBytes {
        let pair = try externalKeyPair(externalSecret: externalSecret)
        return try provider.hpkeExportReceiver(
            kemOutput: kemOutput, privateKey: pair.privateKey, info: [],
            exporterContext: Self.externalInitLabel, length: provider.hashLength)
    }
}
