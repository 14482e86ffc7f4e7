import MLSCodec
import MLSCrypto

/// The joiner's side of a Welcome (RFC 9420 §12.4.3.1), in the order the RFC gives:
///
/// 1. ``decryptGroupSecrets(keyPackage:initPrivateKey:provider:)``: find the entry for our
///    KeyPackageRef and DecryptWithLabel the GroupSecrets.
/// 2. The caller resolves `groupSecrets.psks` and computes `psk_secret` (all zeros without PSKs).
/// 3. ``decryptGroupInfo(joinerSecret:pskSecret:provider:)``: welcome_secret -> key/nonce ->
///    GroupInfo.
/// 4. The caller finds the signer's leaf in the ratchet tree and calls
///    ``GroupInfo/verifySignature(publicKey:provider:)``, then checks the confirmation tag with
///    the epoch's confirmation key (``GroupInfo/verifyConfirmationTag(confirmationKey:provider:)``
///    or ``GroupInfo/verifyConfirmationTag(joinerSecret:pskSecret:provider:)``).
extension Welcome {
    static let encryptionLabel = "Welcome"

    /// Finds the entry for `keyPackage` and decrypts its GroupSecrets with the KeyPackage's
    /// init private key: `DecryptWithLabel(init_key_priv, "Welcome", encrypted_group_info, ...)`.
    ///
    /// - Throws: ``MLSError/Code/welcomeCipherSuiteMismatch``, ``MLSError/Code/welcomeNotForUs``,
    ///   ``MLSError/Code/groupSecretsDecryptionFailed``, ``MLSError/Code/multipleReInitOrBranchPSKs``.
    public func decryptGroupSecrets(
        keyPackage: KeyPackage,
        initPrivateKey: SecretBytes,
        provider: any CipherSuiteProvider
    ) throws(MLSError) -> GroupSecrets {
        guard cipherSuite == keyPackage.cipherSuite, provider.suite == cipherSuite else {
            throw MLSError(.welcomeCipherSuiteMismatch, "Welcome and KeyPackage")
        }
        guard let entry = secrets(for: keyPackage.reference(provider)) else {
            throw MLSError(.welcomeNotForUs, "no entry for our KeyPackageRef")
        }
        let groupSecrets: GroupSecrets
        do {
            let plaintext = try provider.decryptWithLabel(
                privateKey: initPrivateKey, label: Self.encryptionLabel,
                context: encryptedGroupInfo, ciphertext: entry.encryptedGroupSecrets
            )
            groupSecrets = try GroupSecrets(mlsEncoded: plaintext)
        } catch {
            throw MLSError(.groupSecretsDecryptionFailed, "encrypted_group_secrets")
        }
        try groupSecrets.validatePSKs()
        return groupSecrets
    }

    /// Decrypts the GroupInfo with the key and nonce derived from `joiner_secret` and
    /// `psk_secret` (nil means no PSKs: Nh zero bytes). The result is not yet verified.
    ///
    /// - Throws: ``MLSError/Code/groupInfoDecryptionFailed``,
    ///   ``MLSError/Code/groupInfoCipherSuiteMismatch``, and the key schedule's
    ///   ``MLSError/Code/invalidSecretLength`` for a joiner or PSK secret that is not Nh bytes.
    public func decryptGroupInfo(
        joinerSecret: SecretBytes,
        pskSecret: SecretBytes? = nil,
        provider: any CipherSuiteProvider
    ) throws -> GroupInfo {
        let schedule = KeySchedule(provider: provider)
        let welcomeSecret = try schedule.welcomeSecret(joinerSecret: joinerSecret, pskSecret: pskSecret)
        let (key, nonce) = try schedule.welcomeKeyAndNonce(welcomeSecret: welcomeSecret)
        let groupInfo: GroupInfo
        do {
            let plaintext = try provider.open(key: key, nonce: nonce.exposedBytes, aad: [], ciphertext: encryptedGroupInfo)
            groupInfo = try GroupInfo(mlsEncoded: plaintext)
        } catch {
            throw MLSError(.groupInfoDecryptionFailed, "encrypted_group_info")
        }
        guard groupInfo.groupContext.cipherSuite == cipherSuite else {
            throw MLSError(.groupInfoCipherSuiteMismatch, "GroupInfo and Welcome")
        }
        return groupInfo
    }
}

extension GroupInfo {
    /// Derives the epoch's confirmation key from `joiner_secret`, `psk_secret` (nil: no PSKs)
    /// and this GroupInfo's GroupContext, and checks the confirmation tag (§12.4.3.1).
    ///
    /// - Throws: ``MLSError/Code/invalidConfirmationTag``.
    public func verifyConfirmationTag(
        joinerSecret: SecretBytes,
        pskSecret: SecretBytes? = nil,
        provider: any CipherSuiteProvider
    ) throws {
        let epoch = try KeySchedule(provider: provider).join(
            joinerSecret: joinerSecret, pskSecret: pskSecret, groupContext: groupContext.mlsEncoded
        )
        try verifyConfirmationTag(confirmationKey: epoch.epochSecrets.confirmationKey, provider: provider)
    }
}
