import MLSCodec
import MLSCrypto

/// One client's state in one MLS group (RFC 9420): the current epoch's GroupContext, ratchet
/// tree, secrets and transcript hashes, the proposals received in this epoch, and a bounded
/// window of past epochs' message keys for late application messages.
///
/// A value type with no I/O. Handshake messages are processed in two steps: ``process(_:pskStore:)``
/// checks a Commit completely and returns a ``StagedCommit`` without changing the group;
/// ``merge(_:)`` then moves the group to the new epoch. A rejected message leaves the group
/// as it was.
///
/// The state contains secrets (epoch secrets, private keys): persist it only encrypted
/// (see ``encoded()``).
public struct MLSGroup: Sendable {
    public internal(set) var configuration: MLSGroupConfiguration
    let provider: any CipherSuiteProvider

    /// The GroupContext of the current epoch.
    public internal(set) var groupContext: GroupContext
    var tree: RatchetTree
    /// HPKE private keys this member holds: its own leaf and the nodes of its direct path
    /// whose path secrets it learned.
    var treeKeys: TreeKEMPrivateState
    /// This member's leaf.
    public internal(set) var ownLeafIndex: LeafIndex
    /// This member's credential and signature key pair.
    public internal(set) var signer: SigningIdentity
    /// The current epoch's secrets, without `encryption_secret` (consumed into `protection`'s
    /// secret tree; see ``GroupEpochSecrets``).
    var secrets: GroupEpochSecrets
    var interimTranscriptHash: [UInt8]
    /// The confirmation tag of the commit that started this epoch (or of group creation).
    var confirmationTag: [UInt8]
    var proposalCache: ProposalCache
    /// Leaf private keys of Update proposals this member sent in the current epoch, by public key.
    var pendingUpdateKeys: [[UInt8]: SecretBytes]
    /// Message keys of the current epoch (the secret tree advances as messages are sent and received).
    var protection: EpochProtectionKeys
    /// Past epochs' message keys, newest last, at most `configuration.pastEpochWindow`.
    var pastEpochs: [PastEpoch]
    /// `resumption_psk` of recent epochs (current included), for resumption PSKs.
    var resumptionPSKs: [UInt64: SecretBytes]
    /// Set once a commit with a ReInit proposal has been merged: the group must not be used
    /// to send any more (§12.4.2).
    public internal(set) var pendingReInit: ReInitProposal?
    /// False once this member has been removed.
    public internal(set) var isActive: Bool

    // MARK: Read access

    public var groupID: [UInt8] { groupContext.groupID }
    public var epoch: UInt64 { groupContext.epoch }
    public var cipherSuite: CipherSuite { groupContext.cipherSuite }

    /// `epoch_authenticator` of the current epoch (§8.7).
    public var epochAuthenticator: [UInt8] { secrets.epochAuthenticator.exposedBytes }

    /// The tree hash of the current ratchet tree (equal to `groupContext.treeHash`).
    public var treeHash: [UInt8] { groupContext.treeHash }

    /// The members of the group in leaf order.
    public var members: [Member] {
        tree.members.map { Member(leafIndex: $0.index, leafNode: $0.leaf) }
    }

    /// The member at `leafIndex`, if the leaf is occupied.
    public func member(at leafIndex: LeafIndex) -> Member? {
        tree.leafNode(at: leafIndex).map { Member(leafIndex: leafIndex, leafNode: $0) }
    }

    /// The ratchet tree, for sending it out of band to joiners (`optional<Node> ratchet_tree<V>`).
    public var ratchetTree: RatchetTreeNodes { tree.serialized }

    /// `MLS-Exporter(label, context, length)` of the current epoch (§8.5).
    ///
    /// - Throws: ``MLSError/Code/invalidExporterLength`` for a length above
    ///   `min(2^16 - 1, 255 * Nh)` or an over-long label.
    public func exportSecret(label: String, context: [UInt8], length: Int) throws(MLSError) -> SecretBytes {
        try mapError(.invalidExporterLength) {
            try KeySchedule(provider: provider).export(
                exporterSecret: secrets.exporterSecret, label: label, context: context, length: length
            )
        }
    }

    /// `resumption_psk` of `epoch` if still retained (the current epoch and the window of past
    /// ones), e.g. to register in a ``PreSharedKeyStore`` for a ReInit or branch (§8.6).
    public func resumptionPSK(epoch: UInt64) -> SecretBytes? { resumptionPSKs[epoch] }

    /// The proposals received in this epoch and not yet committed.
    public var pendingProposals: [Proposal] { proposalCache.entries.map(\.proposal) }

    var now: UInt64 { configuration.clock() }
}
