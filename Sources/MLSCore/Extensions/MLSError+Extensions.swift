extension MLSError.Code {
    /// An extension list contains two extensions of the same type (RFC 9420 §13: "Any field
    /// containing a list of extensions MUST NOT have more than one extension of any given type").
    public static let duplicateExtension = Self(rawValue: "mls.duplicate_extension")
}
