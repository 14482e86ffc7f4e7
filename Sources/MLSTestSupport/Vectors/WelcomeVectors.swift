import MLS

/// `welcome.json`: decrypting and verifying a Welcome (RFC 9420 §12.4.3.1).
///
/// For each entry: find our EncryptedGroupSecrets by KeyPackageRef, decrypt the GroupSecrets
/// with `init_priv`, decrypt the GroupInfo with the welcome key (no PSKs), verify its signature
/// with `signer_pub` and recompute its confirmation tag. Then re-encrypt the same GroupInfo
/// and secrets as a committer would and check the joiner side opens the result.
struct WelcomeVectors: VectorFamily {
    let name = "welcome"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("signer_pub") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        let suite = CipherSuite(rawValue: UInt16(try entry.int("cipher_suite")))
        let provider = try context.crypto.provider(for: suite)
        let initPrivateKey = SecretBytes(try entry.hex("init_priv"))
        let signerPublicKey = try entry.hex("signer_pub")

        guard case .keyPackage(let keyPackage) = try MLSMessage(mlsEncoded: try entry.hex("key_package")).body else {
            throw VectorFailure("key_package is not an MLSMessage(KeyPackage)")
        }
        guard case .welcome(let welcome) = try MLSMessage(mlsEncoded: try entry.hex("welcome")).body else {
            throw VectorFailure("welcome is not an MLSMessage(Welcome)")
        }

        let groupSecrets = try welcome.decryptGroupSecrets(keyPackage: keyPackage, initPrivateKey: initPrivateKey, provider: provider)
        guard groupSecrets.psks.isEmpty else { throw VectorFailure("welcome vector unexpectedly uses PSKs") }
        let groupInfo = try welcome.decryptGroupInfo(joinerSecret: groupSecrets.joinerSecret, provider: provider)
        try groupInfo.verifySignature(publicKey: signerPublicKey, provider: provider)
        try groupInfo.verifyConfirmationTag(joinerSecret: groupSecrets.joinerSecret, provider: provider)

        // Committer side: the same secrets, freshly encrypted, open to the same GroupInfo.
        let recreated = try Welcome.create(
            groupInfo: groupInfo, joinerSecret: groupSecrets.joinerSecret, psks: groupSecrets.psks,
            newMembers: [.init(keyPackage: keyPackage, pathSecret: groupSecrets.pathSecret?.pathSecret)],
            provider: provider
        )
        try VectorEntry.expectEqual(recreated.encryptedGroupInfo, welcome.encryptedGroupInfo, "re-encrypted GroupInfo")
        let reopenedSecrets = try recreated.decryptGroupSecrets(keyPackage: keyPackage, initPrivateKey: initPrivateKey, provider: provider)
        try VectorEntry.expectEqual(reopenedSecrets, groupSecrets, "round-tripped GroupSecrets")
        let reopenedInfo = try recreated.decryptGroupInfo(joinerSecret: reopenedSecrets.joinerSecret, provider: provider)
        try VectorEntry.expectEqual(reopenedInfo, groupInfo, "round-tripped GroupInfo")
    }
}
