import MLSCrypto

/// How a group behaves locally: crypto, time, and the bounds on what it keeps.
///
/// None of these values travel on the wire; members of one group may use different settings.
public struct MLSGroupConfiguration: Sendable {
    /// The crypto backend; the group's cipher suite must be among its `supportedSuites`.
    public var crypto: any CryptoProvider
    /// Current time in Unix seconds. Used for KeyPackage and LeafNode lifetime checks
    /// (RFC 9420 §7.3, §10.1), which are always performed: inject a clock, never disable them.
    public var clock: @Sendable () -> UInt64
    /// The longest total lifetime (`not_after - not_before`, seconds) accepted for a LeafNode
    /// from a KeyPackage (RFC 9420 §7.2: applications MUST define one). nil accepts any,
    /// which only interoperability tests against other stacks' "eternal" KeyPackages need.
    public var maxLeafLifetime: UInt64?
    /// How many past epochs keep their message keys so that late application messages can
    /// still be decrypted (RFC 9420 §14, §15.4). 0 keeps none.
    public var pastEpochWindow: Int
    /// How far ahead of the next expected generation a PrivateMessage may be (§9.2). Bounds the
    /// work and memory an attacker can force with a forged generation.
    public var maxForwardGeneration: UInt32
    /// How many skipped (not yet used) message keys are kept per sender for out-of-order
    /// delivery (§9.2).
    public var maxRetainedGenerations: Int
    /// Application messages are padded with zeros to a multiple of this many bytes (§6.3.1);
    /// 0 or 1 disables padding.
    public var paddingBlockSize: Int
    /// Whether Welcome messages and GroupInfos carry the `ratchet_tree` extension (§12.4.3.3).
    /// Without it the joiner must get the tree out of band.
    public var includeRatchetTreeInWelcome: Bool

    public init(
        crypto: any CryptoProvider,
        clock: @escaping @Sendable () -> UInt64,
        pastEpochWindow: Int = 3,
        maxForwardGeneration: UInt32 = 1000,
        maxRetainedGenerations: Int = 64,
        paddingBlockSize: Int = 32,
        includeRatchetTreeInWelcome: Bool = true,
        maxLeafLifetime: UInt64? = 400 * 24 * 3600
    ) {
        self.maxLeafLifetime = maxLeafLifetime
        self.crypto = crypto
        self.clock = clock
        self.pastEpochWindow = max(0, pastEpochWindow)
        self.maxForwardGeneration = maxForwardGeneration
        self.maxRetainedGenerations = max(0, maxRetainedGenerations)
        self.paddingBlockSize = max(0, paddingBlockSize)
        self.includeRatchetTreeInWelcome = includeRatchetTreeInWelcome
    }
}
