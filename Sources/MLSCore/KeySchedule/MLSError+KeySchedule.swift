extension MLSError.Code {
    /// An input secret of the key schedule (init_secret, commit_secret, psk_secret,
    /// joiner_secret, a resumption PSK...) does not have the length `KDF.Nh` the cipher suite
    /// requires (RFC 9420 §8: every chained secret is a KDF output of Nh bytes). A
    /// `joiner_secret` taken from a Welcome's GroupSecrets is the main way this is reached.
    public static let invalidSecretLength = Self(rawValue: "mls.invalid_secret_length")

    /// `MLS-Exporter` was asked for a length that `ExpandWithLabel` cannot produce: more than
    /// the `uint16` length field of KDFLabel allows, or more than the KDF can expand
    /// (255 * Nh for HKDF) (RFC 9420 §8.5, §8).
    public static let invalidExporterLength = Self(rawValue: "mls.invalid_exporter_length")

    /// A Commit's or GroupInfo's `confirmation_tag` is not
    /// `MAC(confirmation_key, confirmed_transcript_hash)` for the new epoch (RFC 9420 §6.1,
    /// §8.1, §12.4.3.1). Compared in constant time.
    public static let invalidConfirmationTag = Self(rawValue: "mls.invalid_confirmation_tag")

    /// More PSKs than the `uint16 count` of PSKLabel can describe (RFC 9420 §8.4).
    public static let tooManyPSKs = Self(rawValue: "mls.too_many_psks")

    /// A PreSharedKeyID's `psk_nonce` is not `KDF.Nh` bytes long (RFC 9420 §12.1.4, §8.4).
    public static let invalidPSKNonce = Self(rawValue: "mls.invalid_psk_nonce")

    /// Only a Commit, with its confirmation tag, updates the transcript hashes (RFC 9420 §8.2).
    public static let transcriptHashNotCommit = Self(rawValue: "mls.transcript_hash_not_commit")
}
