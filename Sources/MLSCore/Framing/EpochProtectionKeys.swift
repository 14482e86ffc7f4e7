import MLSCrypto

/// What message protection (RFC 9420 §6) needs from one epoch: the group context, the
/// membership key (PublicMessage), the sender-data secret and the secret tree (PrivateMessage),
/// and a way to find a member's signature key.
///
/// The group state builds one of these per epoch and passes it to
/// ``EpochProtectionKeys/protect(_:as:padding:provider:)`` and
/// ``EpochProtectionKeys/unprotect(_:provider:)``. The secret tree is mutable: encrypting and
/// decrypting advance its ratchets. Operations that fail leave it unchanged.
public struct EpochProtectionKeys: Sendable {
    /// The GroupContext of this epoch (its group id and epoch are checked on every message).
    public var groupContext: GroupContext
    /// `membership_key` of this epoch (§8).
    public var membershipKey: SecretBytes
    /// `sender_data_secret` of this epoch (§8).
    public var senderDataSecret: SecretBytes
    /// The secret tree of this epoch, built from `encryption_secret` (§9).
    public var secretTree: SecretTree
    /// The signature public key of the member at a leaf, or nil when the leaf is blank or
    /// outside the tree.
    public var memberSignatureKey: @Sendable (LeafIndex) -> [UInt8]?

    public init(
        groupContext: GroupContext,
        membershipKey: SecretBytes,
        senderDataSecret: SecretBytes,
        secretTree: SecretTree,
        memberSignatureKey: @escaping @Sendable (LeafIndex) -> [UInt8]?
    ) {
        self.groupContext = groupContext
        self.membershipKey = membershipKey
        self.senderDataSecret = senderDataSecret
        self.secretTree = secretTree
        self.memberSignatureKey = memberSignatureKey
    }

    /// The keys of an epoch from its key-schedule output: membership key, sender-data secret,
    /// and a fresh secret tree over `encryption_secret` for `leafCount` leaves (the ratchet
    /// tree's leaf count, a power of two).
    ///
    /// - Throws: the secret tree's ``MLSError/Code/invalidSecretTreeSize`` and
    ///   ``MLSError/Code/invalidSecretLength``.
    public init(
        groupContext: GroupContext,
        epochSecrets: EpochSecrets,
        leafCount: UInt32,
        provider: any CipherSuiteProvider,
        secretTreeConfiguration: SecretTree.Configuration = .default,
        memberSignatureKey: @escaping @Sendable (LeafIndex) -> [UInt8]?
    ) throws(MLSError) {
        self.init(
            groupContext: groupContext,
            membershipKey: epochSecrets.membershipKey,
            senderDataSecret: epochSecrets.senderDataSecret,
            secretTree: try SecretTree(
                encryptionSecret: epochSecrets.encryptionSecret, leafCount: leafCount, provider: provider,
                configuration: secretTreeConfiguration
            ),
            memberSignatureKey: memberSignatureKey
        )
    }
}
