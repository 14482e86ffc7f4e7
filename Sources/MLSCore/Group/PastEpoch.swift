import MLSCrypto

/// What the group keeps of a past epoch so that late application messages can still be
/// read (RFC 9420 §15.4): its message-protection keys (sender-data secret, membership key,
/// and the secret tree's live state) and the members' signature keys.
///
/// No other epoch secret is kept: not `encryption_secret` (the secret tree's root, consumed
/// into the tree; §9.2), nor `init_secret`, exporter, external or confirmation secrets, which
/// only the current epoch uses. The window of past epochs
/// (``MLSGroupConfiguration/pastEpochWindow``) bounds how long these live.
struct PastEpoch: Sendable {
    var keys: EpochProtectionKeys
    let signatureKeys: MemberSignatureKeys
}
