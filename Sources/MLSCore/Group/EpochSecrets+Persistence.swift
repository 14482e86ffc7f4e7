import MLSCodec
import MLSCrypto

extension EpochSecrets {
    /// Rebuilds the secrets of an epoch from their stored values (group state persistence).
    init(restoring values: [SecretBytes]) throws(MLSError) {
        guard values.count == 9 else { throw MLSError(.invalidGroupState, "epoch secrets") }
        senderDataSecret = values[0]
        encryptionSecret = values[1]
        exporterSecret = values[2]
        externalSecret = values[3]
        confirmationKey = values[4]
        membershipKey = values[5]
        resumptionPSK = values[6]
        epochAuthenticator = values[7]
        initSecret = values[8]
    }

    var storedValues: [SecretBytes] {
        [senderDataSecret, encryptionSecret, exporterSecret, externalSecret, confirmationKey,
         membershipKey, resumptionPSK, epochAuthenticator, initSecret]
    }
}
