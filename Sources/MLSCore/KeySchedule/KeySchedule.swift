import MLSCrypto

/// The MLS key schedule (RFC 9420 §8) for one cipher suite.
///
/// ```
///                     init_secret_[n-1]
///                           |
///     commit_secret --> KDF.Extract
///                           |
///                   ExpandWithLabel(., "joiner", GroupContext_[n], KDF.Nh)
///                           |
///                      joiner_secret
///                           |
/// psk_secret (or 0) --> KDF.Extract
///                           |
///                           +--> DeriveSecret(., "welcome") = welcome_secret
///                           |
///                   ExpandWithLabel(., "epoch", GroupContext_[n], KDF.Nh)
///                           |
///                      epoch_secret --> DeriveSecret(., <label>) = <secret>
///                           |
///                     DeriveSecret(., "init") = init_secret_[n]
/// ```
///
/// `KDF.Extract` takes its salt from the top and its IKM from the left. GroupContexts are
/// passed serialized, exactly as they are hashed into the schedule.
///
/// A member moving to a new epoch uses ``advance(initSecret:commitSecret:pskSecret:groupContext:)``;
/// a new member joining from a Welcome first computes ``welcomeSecret(joinerSecret:pskSecret:)``
/// to decrypt the GroupInfo, then ``join(joinerSecret:pskSecret:groupContext:)``.
public struct KeySchedule: Sendable {
    public let provider: any CipherSuiteProvider

    public init(provider: any CipherSuiteProvider) {
        self.provider = provider
    }

    /// The secrets of one epoch transition. `joinerSecret` and `welcomeSecret` are needed only
    /// to build (committer) or open (joiner) the Welcome; delete them afterwards.
    public struct Output: Sendable, Hashable {
        public let joinerSecret: SecretBytes
        public let welcomeSecret: SecretBytes
        public let epochSecrets: EpochSecrets
    }

    /// Nh zero bytes: the "0" of RFC 9420 §8 (commit_secret without a path, psk_secret without PSKs).
    public var zeroSecret: SecretBytes { SecretBytes(zeros: provider.hashLength) }

    // MARK: Entry points

    /// A member's epoch change: from the previous epoch's `init_secret`, the Commit's
    /// `commit_secret` (nil: no path, the all-zero vector) and `psk_secret` (nil: no PSKs,
    /// the all-zero vector) to the new epoch's secrets, bound to the new epoch's serialized
    /// GroupContext.
    public func advance(
        initSecret: SecretBytes, commitSecret: SecretBytes?, pskSecret: SecretBytes?, groupContext: [UInt8]
    ) throws -> Output {
        let joiner = try joinerSecret(initSecret: initSecret, commitSecret: commitSecret, groupContext: groupContext)
        return try join(joinerSecret: joiner, pskSecret: pskSecret, groupContext: groupContext)
    }

    /// A joiner's entry point (RFC 9420 §12.4.3.1): from the `joiner_secret` of the Welcome's
    /// GroupSecrets, the `psk_secret` of its `psks` (nil: none) and the GroupContext of the
    /// decrypted GroupInfo.
    public func join(joinerSecret: SecretBytes, pskSecret: SecretBytes?, groupContext: [UInt8]) throws -> Output {
        let member = try memberSecret(joinerSecret: joinerSecret, pskSecret: pskSecret)
        let welcome = try provider.deriveSecret(member, label: "welcome")
        let epoch = try provider.expandWithLabel(member, label: "epoch", context: groupContext, length: provider.hashLength)
        return Output(
            joinerSecret: joinerSecret,
            welcomeSecret: welcome,
            epochSecrets: try EpochSecrets(epochSecret: epoch, provider: provider)
        )
    }

    // MARK: Single steps

    /// `joiner_secret = ExpandWithLabel(KDF.Extract(init_secret, commit_secret), "joiner",
    /// GroupContext_[n], KDF.Nh)`.
    public func joinerSecret(initSecret: SecretBytes, commitSecret: SecretBytes?, groupContext: [UInt8]) throws -> SecretBytes {
        try checkLength(initSecret, "init_secret")
        let commit = commitSecret ?? zeroSecret
        try checkLength(commit, "commit_secret")
        let extracted = provider.extract(salt: initSecret.exposedBytes, ikm: commit)
        return try provider.expandWithLabel(extracted, label: "joiner", context: groupContext, length: provider.hashLength)
    }

    /// `welcome_secret = DeriveSecret(KDF.Extract(joiner_secret, psk_secret), "welcome")`: what a
    /// joiner needs before it knows the GroupContext, to decrypt the GroupInfo.
    public func welcomeSecret(joinerSecret: SecretBytes, pskSecret: SecretBytes?) throws -> SecretBytes {
        try provider.deriveSecret(try memberSecret(joinerSecret: joinerSecret, pskSecret: pskSecret), label: "welcome")
    }

    /// `welcome_key = ExpandWithLabel(welcome_secret, "key", "", AEAD.Nk)` and
    /// `welcome_nonce = ExpandWithLabel(welcome_secret, "nonce", "", AEAD.Nn)` (RFC 9420 §12.4.3.1):
    /// the AEAD key and nonce of `Welcome.encrypted_group_info`.
    public func welcomeKeyAndNonce(welcomeSecret: SecretBytes) throws -> (key: SecretBytes, nonce: SecretBytes) {
        let key = try provider.expandWithLabel(welcomeSecret, label: "key", context: [], length: provider.parameters.aeadKeyLength)
        let nonce = try provider.expandWithLabel(welcomeSecret, label: "nonce", context: [], length: provider.parameters.aeadNonceLength)
        return (key, nonce)
    }

    /// `KDF.Extract(joiner_secret, psk_secret)`: the unnamed value welcome_secret and
    /// epoch_secret are derived from.
    private func memberSecret(joinerSecret: SecretBytes, pskSecret: SecretBytes?) throws -> SecretBytes {
        try checkLength(joinerSecret, "joiner_secret")
        let psk = pskSecret ?? zeroSecret
        try checkLength(psk, "psk_secret")
        return provider.extract(salt: joinerSecret.exposedBytes, ikm: psk)
    }

    func checkLength(_ secret: SecretBytes, _ name: String) throws(MLSError) {
        guard secret.count == provider.hashLength else { throw MLSError(.invalidSecretLength, name) }
    }
}
