import MLSCrypto

/// The epoch secrets a group keeps for its current epoch (RFC 9420 §8): every value of
/// ``EpochSecrets`` except `encryption_secret`.
///
/// `encryption_secret` is the root of the secret tree (§9). Once the epoch's ``SecretTree``
/// has been built from it, keeping it would let anyone who reads the group's memory or its
/// stored state re-derive every message key of the epoch, including keys of messages already
/// received and deleted; §9.2 requires consumed secrets to be deleted. The secret tree alone
/// carries it forward, consuming it when the first leaf is derived.
///
/// Past epochs keep even less (see ``PastEpoch``): their sender-data secret, membership key
/// and secret tree, for late messages only.
struct GroupEpochSecrets: Sendable, Hashable {
    /// `sender_data_secret` (§6.3.2).
    let senderDataSecret: SecretBytes
    /// `exporter_secret`, input of MLS-Exporter (§8.5).
    let exporterSecret: SecretBytes
    /// `external_secret`, seeds the external HPKE key pair for GroupInfo (§8.3).
    let externalSecret: SecretBytes
    /// `confirmation_key` (§6.1).
    let confirmationKey: SecretBytes
    /// `membership_key` (§6.2).
    let membershipKey: SecretBytes
    /// `resumption_psk` of this epoch (§8.6).
    let resumptionPSK: SecretBytes
    /// `epoch_authenticator` (§8.7).
    let epochAuthenticator: SecretBytes
    /// `init_secret` of the next epoch; only the current epoch's is ever needed.
    let initSecret: SecretBytes

    /// The values of `secrets` the group keeps, without `encryption_secret`.
    init(_ secrets: EpochSecrets) {
        senderDataSecret = secrets.senderDataSecret
        exporterSecret = secrets.exporterSecret
        externalSecret = secrets.externalSecret
        confirmationKey = secrets.confirmationKey
        membershipKey = secrets.membershipKey
        resumptionPSK = secrets.resumptionPSK
        epochAuthenticator = secrets.epochAuthenticator
        initSecret = secrets.initSecret
    }
}
