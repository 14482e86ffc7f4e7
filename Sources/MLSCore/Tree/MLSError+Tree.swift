extension MLSError.Code {
    /// The serialized ratchet tree is empty or its last node is blank: the sender must truncate
    /// trailing blanks and the receiver must reject a blank last node (RFC 9420 §12.4.3.3).
    public static let malformedRatchetTree = Self(rawValue: "mls.malformed_ratchet_tree")
    /// A leaf position (even index) holds a parent node or a parent position (odd index) holds a
    /// leaf node (RFC 9420 §4.1.1, §12.4.3.3: leaves are at even indices).
    public static let wrongNodeKind = Self(rawValue: "mls.wrong_node_kind")
    /// The tree would exceed ``MLSLimits/maxLeaves`` leaves.
    public static let treeTooLarge = Self(rawValue: "mls.tree_too_large")
    /// A leaf or node index is outside the tree, or names a blank leaf where a member is
    /// required (RFC 9420 §12.1.3: a Remove must identify a non-blank leaf).
    public static let invalidLeafIndex = Self(rawValue: "mls.invalid_leaf_index")
    /// A parent node's `unmerged_leaves` is not strictly increasing, names a leaf outside its
    /// subtree or a blank leaf, or is not mirrored on the intermediate nodes between the leaf and
    /// the parent (RFC 9420 §7.1, §12.4.3.1).
    public static let invalidUnmergedLeaves = Self(rawValue: "mls.invalid_unmerged_leaves")
    /// A non-blank parent node is not parent-hash valid: no single descendant chains to it by a
    /// parent hash (RFC 9420 §7.9.2), or an UpdatePath's leaf carries the wrong parent hash.
    public static let invalidParentHash = Self(rawValue: "mls.invalid_parent_hash")
    /// A leaf node's signature over LeafNodeTBS does not verify with its `signature_key`
    /// (RFC 9420 §7.3).
    public static let invalidLeafSignature = Self(rawValue: "mls.invalid_leaf_signature")
    /// Two nodes of the tree carry the same HPKE encryption key (RFC 9420 §7.3, §12.4.3.1).
    public static let duplicateEncryptionKey = Self(rawValue: "mls.duplicate_encryption_key")
    /// Two leaves carry the same signature key (RFC 9420 §7.3).
    public static let duplicateSignatureKey = Self(rawValue: "mls.duplicate_signature_key")
    /// A leaf's credential type is not in its own capabilities, or it is not supported by every
    /// member / the leaf does not support every credential type in use (RFC 9420 §7.2, §7.3).
    public static let unsupportedCredentialType = Self(rawValue: "mls.unsupported_credential_type")
    /// A leaf carries a non-default extension its capabilities do not list (RFC 9420 §7.2, §7.3).
    public static let unsupportedLeafExtension = Self(rawValue: "mls.unsupported_leaf_extension")
    /// A leaf node's `leaf_node_source` is not the one its context requires (RFC 9420 §7.3:
    /// key_package in a KeyPackage, update in an Update, commit in an UpdatePath).
    public static let invalidLeafNodeSource = Self(rawValue: "mls.invalid_leaf_node_source")
    /// The tree hash computed over the tree differs from the expected value (RFC 9420 §7.8,
    /// §12.4.3.1).
    public static let treeHashMismatch = Self(rawValue: "mls.tree_hash_mismatch")
}

extension MLSError.Code {
    /// A cryptographic primitive failed while building tree material (signing, key derivation,
    /// encryption); the context carries the underlying `CryptoError` code.
    public static let treeCryptoFailure = Self(rawValue: "mls.tree_crypto_failure")
}
