extension MLSError.Code {
    /// A KeyPackage's signature does not verify over KeyPackageTBS with its leaf's signature
    /// key (RFC 9420 §10.1).
    public static let invalidKeyPackageSignature = Self(rawValue: "mls.invalid_key_package_signature")
    /// A KeyPackage (or ReInit) names a protocol version other than the group's (RFC 9420 §10.1:
    /// "version and cipher_suite ... are the same as the group's").
    public static let unsupportedProtocolVersion = Self(rawValue: "mls.unsupported_protocol_version")
    /// A KeyPackage's cipher suite is not the group's (RFC 9420 §10.1).
    public static let keyPackageCipherSuiteMismatch = Self(rawValue: "mls.key_package_cipher_suite_mismatch")
    /// A KeyPackage's init_key equals its leaf's encryption_key (RFC 9420 §10.1: "the value of
    /// leaf_node.encryption_key is different from the value of the init_key field").
    public static let keyPackageInitKeyReused = Self(rawValue: "mls.key_package_init_key_reused")
}
