/// Error codes of the local store's key protection (docs/client-store.md). Every error built
/// here carries a fixed message and hint: never a passphrase, key byte or plaintext.
extension CoveClientError.Code {
    /// A sealed record did not open: wrong key, tampered or truncated bytes, or an unknown
    /// format version. Deliberately one code, so a caller learns nothing about which.
    public static let storeDecryptFailed = Self("store.decrypt_failed")
    /// The passphrase did not unwrap the store key (or `store.key.scrypt` was altered).
    public static let storeWrongPassphrase = Self("store.wrong_passphrase")
    /// The store is passphrase-protected and no passphrase was given.
    public static let storePassphraseRequired = Self("store.passphrase_required")
    /// A passphrase was rejected at `cove init` (empty).
    public static let storePassphraseInvalid = Self("store.passphrase_invalid")
    /// `store.key` is readable or writable by group or others, or is not a regular file.
    public static let storeKeyFilePermissions = Self("store.key_file_permissions")
    /// Neither `store.key` nor `store.key.scrypt` exists in the home directory.
    public static let storeNotInitialized = Self("store.not_initialized")
    /// `create` found an existing store key; it never overwrites one.
    public static let storeAlreadyInitialized = Self("store.already_initialized")
    /// `store.key` or `store.key.scrypt` exists but is not in a format this version reads.
    public static let storeKeyFileInvalid = Self("store.key_file_invalid")
    /// scrypt parameters outside RFC 7914's bounds or Cove's memory and cost limits.
    public static let storeKDFParameters = Self("store.kdf_parameters")
    /// A file system operation on the key files failed (the message names the operation).
    public static let storeIO = Self("store.io")
}
