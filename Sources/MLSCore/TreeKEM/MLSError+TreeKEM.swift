extension MLSError.Code {
    /// An UpdatePath does not fit the tree: its number of nodes differs from the length of the
    /// sender's filtered direct path, or a node's number of encrypted path secrets differs from
    /// the size of the copath child's resolution without the Commit's new members
    /// (RFC 9420 §7.6, §12.4.2).
    public static let invalidUpdatePath = Self(rawValue: "mls.invalid_update_path")
    /// A public key derived from a decrypted path secret differs from the one the UpdatePath
    /// (or tree) carries for that node (RFC 9420 §7.5 step 6, §12.4.3.1).
    public static let publicKeyMismatch = Self(rawValue: "mls.public_key_mismatch")
    /// No encrypted path secret of the UpdatePath is addressed to a key this member holds
    /// (RFC 9420 §7.5), or its decryption failed.
    public static let pathSecretDecryptionFailed = Self(rawValue: "mls.path_secret_decryption_failed")
    /// A member's private TreeKEM state does not match the public tree: a private key for a
    /// blank node, a node off the member's direct path, or a key whose public half differs
    /// from the tree's (RFC 9420 §4.2, tree invariant).
    public static let inconsistentPrivateState = Self(rawValue: "mls.inconsistent_private_state")
}
