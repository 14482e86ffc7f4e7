/// Error codes of joining by Welcome (RFC 9420 §12.4.3.1) and of GroupInfo signatures.
extension MLSError.Code {
    /// §12.4.3.1: no EncryptedGroupSecrets in the Welcome is addressed to our KeyPackageRef.
    public static let welcomeNotForUs = Self(rawValue: "mls.welcome_not_for_us")
    /// §12.4.3.1: the Welcome's cipher suite differs from the KeyPackage's (or, when creating
    /// a Welcome, a new member's KeyPackage uses another suite than the group).
    public static let welcomeCipherSuiteMismatch = Self(rawValue: "mls.welcome_cipher_suite_mismatch")
    /// §12.4.3.1: DecryptWithLabel(init_key_priv, "Welcome", ...) failed or the GroupSecrets
    /// did not decode.
    public static let groupSecretsDecryptionFailed = Self(rawValue: "mls.group_secrets_decryption_failed")
    /// §12.4.3.1: the encrypted_group_info did not decrypt under welcome_key/welcome_nonce or
    /// the GroupInfo did not decode.
    public static let groupInfoDecryptionFailed = Self(rawValue: "mls.group_info_decryption_failed")
    /// §12.4.3: the GroupInfo signature (SignWithLabel "GroupInfoTBS") did not verify with the
    /// signer's leaf key.
    public static let invalidGroupInfoSignature = Self(rawValue: "mls.invalid_group_info_signature")
    /// §12.4.3.1: GroupSecrets lists more than one resumption PSK with usage reinit or branch.
    public static let multipleReInitOrBranchPSKs = Self(rawValue: "mls.multiple_reinit_or_branch_psks")
    /// §12.4.3.1: the GroupInfo's cipher suite differs from the Welcome's / KeyPackage's.
    public static let groupInfoCipherSuiteMismatch = Self(rawValue: "mls.group_info_cipher_suite_mismatch")
}
