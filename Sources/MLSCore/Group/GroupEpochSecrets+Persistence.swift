import MLSCodec
import MLSCrypto

extension GroupEpochSecrets {
    /// Number of stored values (see ``storedValues``).
    static let storedCount = 8

    /// Rebuilds the secrets from their stored values (group state persistence), in the order
    /// of ``storedValues``.
    init(restoring values: [SecretBytes]) throws(MLSError) {
        guard values.count == Self.storedCount else { throw MLSError(.invalidGroupState, "epoch secrets") }
        senderDataSecret = values[0]
        exporterSecret = values[1]
        externalSecret = values[2]
        confirmationKey = values[3]
        membershipKey = values[4]
        resumptionPSK = values[5]
        epochAuthenticator = values[6]
        initSecret = values[7]
    }

    /// sender_data, exporter, external, confirmation_key, membership_key, resumption_psk,
    /// epoch_authenticator, init_secret (no encryption_secret).
    var storedValues: [SecretBytes] {
        [senderDataSecret, exporterSecret, externalSecret, confirmationKey, membershipKey,
         resumptionPSK, epochAuthenticator, initSecret]
    }
}
