import MLSCodec

extension MLSReader {
    /// `Extension extensions<V>`, rejecting a list with two extensions of the same type.
    ///
    /// RFC 9420 §13: "Any field containing a list of extensions MUST NOT have more than one
    /// extension of any given type." Every extension list (KeyPackage, LeafNode, GroupContext,
    /// GroupInfo, ReInit, GroupContextExtensions) is decoded through here, so no decoded value
    /// carries duplicates; values built locally can be checked with
    /// ``Swift/Array/validateUniqueTypes()``.
    mutating func readExtensions(maxLength: Int) throws(CodecError) -> [Extension] {
        let extensions = try readVector(of: Extension.self, maxLength: maxLength)
        guard extensions.hasUniqueTypes else { throw CodecError(.invalidValue, "duplicate extension type") }
        return extensions
    }
}
