import MLSCrypto

/// The secrets derived from one epoch's `epoch_secret` (RFC 9420 §8, table "Epoch-Derived
/// Secrets"), plus the `init_secret` that seeds the next epoch.
///
/// The `epoch_secret` itself is not kept: once these values are derived it is consumed and
/// must be deleted (RFC 9420 §9.2).
public struct EpochSecrets: Sendable, Hashable {
    /// `DeriveSecret(epoch_secret, "sender data")`: keys for SenderData encryption (§6.3.2).
    public let senderDataSecret: SecretBytes
    /// `DeriveSecret(epoch_secret, "encryption")`: the root of the secret tree (§9).
    public let encryptionSecret: SecretBytes
    /// `DeriveSecret(epoch_secret, "exporter")`: input of MLS-Exporter (§8.5).
    public let exporterSecret: SecretBytes
    /// `DeriveSecret(epoch_secret, "external")`: seeds the external HPKE key pair (§8.3).
    public let externalSecret: SecretBytes
    /// `DeriveSecret(epoch_secret, "confirm")`: key of the confirmation MAC (§6.1).
    public let confirmationKey: SecretBytes
    /// `DeriveSecret(epoch_secret, "membership")`: key of PublicMessage membership tags (§6.2).
    public let membershipKey: SecretBytes
    /// `DeriveSecret(epoch_secret, "resumption")`: the resumption PSK of this epoch (§8.6).
    public let resumptionPSK: SecretBytes
    /// `DeriveSecret(epoch_secret, "authentication")`: the epoch authenticator (§8.7).
    public let epochAuthenticator: SecretBytes
    /// `DeriveSecret(epoch_secret, "init")`: the `init_secret` of the next epoch.
    public let initSecret: SecretBytes

    /// Derives every epoch secret from `epochSecret` with `provider`'s KDF.
    public init(epochSecret: SecretBytes, provider: any CipherSuiteProvider) throws(CryptoError) {
        senderDataSecret = try provider.deriveSecret(epochSecret, label: "sender data")
        encryptionSecret = try provider.deriveSecret(epochSecret, label: "encryption")
        exporterSecret = try provider.deriveSecret(epochSecret, label: "exporter")
        externalSecret = try provider.deriveSecret(epochSecret, label: "external")
        confirmationKey = try provider.deriveSecret(epochSecret, label: "confirm")
        membershipKey = try provider.deriveSecret(epochSecret, label: "membership")
        resumptionPSK = try provider.deriveSecret(epochSecret, label: "resumption")
        epochAuthenticator = try provider.deriveSecret(epochSecret, label: "authentication")
        initSecret = try provider.deriveSecret(epochSecret, label: "init")
    }
}
