import MLSCodec
import MLSCrypto

/// The committer's side of a Welcome (RFC 9420 §12.4.3.1).
extension Welcome {
    /// One new member of a Welcome: their KeyPackage, and the path secret of the lowest node
    /// shared by the committer's and their direct paths (nil when the commit has no path).
    public struct NewMember: Sendable {
        public var keyPackage: KeyPackage
        public var pathSecret: SecretBytes?

        public init(keyPackage: KeyPackage, pathSecret: SecretBytes?) {
            self.keyPackage = keyPackage
            self.pathSecret = pathSecret
        }
    }

    /// Encrypts a signed GroupInfo under the welcome key and nonce, and the GroupSecrets
    /// (joiner_secret, path secret, PSK ids) to each new member's init key:
    /// `EncryptWithLabel(init_key, "Welcome", encrypted_group_info, group_secrets)`.
    ///
    /// - Throws: ``MLSError/Code/welcomeCipherSuiteMismatch`` if a KeyPackage or the
    ///   GroupInfo uses another suite than `provider`, and `CryptoError` from HPKE or the AEAD.
    public static func create(
        groupInfo: GroupInfo,
        joinerSecret: SecretBytes,
        pskSecret: SecretBytes? = nil,
        psks: [PreSharedKeyID],
        newMembers: [NewMember],
        provider: any CipherSuiteProvider
    ) throws -> Welcome {
        guard groupInfo.groupContext.cipherSuite == provider.suite else {
            throw MLSError(.welcomeCipherSuiteMismatch, "GroupInfo")
        }
        let schedule = KeySchedule(provider: provider)
        let (key, nonce) = try schedule.welcomeKeyAndNonce(
            welcomeSecret: try schedule.welcomeSecret(joinerSecret: joinerSecret, pskSecret: pskSecret)
        )
        let encryptedGroupInfo = try provider.seal(key: key, nonce: nonce.exposedBytes, aad: [], plaintext: groupInfo.mlsEncoded)
        var secrets: [EncryptedGroupSecrets] = []
        secrets.reserveCapacity(newMembers.count)
        for member in newMembers {
            guard member.keyPackage.cipherSuite == provider.suite else {
                throw MLSError(.welcomeCipherSuiteMismatch, "new member KeyPackage")
            }
            let groupSecrets = GroupSecrets(
                joinerSecret: joinerSecret,
                pathSecret: member.pathSecret.map { PathSecret(pathSecret: $0) },
                psks: psks
            )
            let ciphertext = try provider.encryptWithLabel(
                publicKey: member.keyPackage.initKey, label: encryptionLabel,
                context: encryptedGroupInfo, plaintext: groupSecrets.mlsEncoded
            )
            secrets.append(EncryptedGroupSecrets(newMember: member.keyPackage.reference(provider), encryptedGroupSecrets: ciphertext))
        }
        return Welcome(cipherSuite: provider.suite, secrets: secrets, encryptedGroupInfo: encryptedGroupInfo)
    }
}
