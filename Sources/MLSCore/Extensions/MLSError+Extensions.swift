extension MLSError.Code {
    /// An extension list contains two extensions of the same type (RFC 9420 §13.4: "the
    /// extensions in a list MUST have unique types"; §7.2, §12.1.7).
    public static let duplicateExtension = Self(rawValue: "mls.duplicate_extension")
}
