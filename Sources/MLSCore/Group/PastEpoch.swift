import MLSCrypto

/// What the group keeps of a past epoch so that late application messages can still be
/// read (RFC 9420 §15.4): its message-protection keys and the members' signature keys.
///
/// `encryptionSecret` (the secret tree's root) is kept so the state can be persisted and
/// restored; the window of past epochs (``MLSGroupConfiguration/pastEpochWindow``) bounds
/// how long it lives.
struct PastEpoch: Sendable {
    var keys: EpochProtectionKeys
    let encryptionSecret: SecretBytes
    let signatureKeys: [LeafIndex: [UInt8]]
}
