import MLSCodec

extension Array where Element == Extension {
    /// The first extension of `type`, if any.
    public func first(ofType type: ExtensionType) -> Extension? {
        first { $0.extensionType == type }
    }

    /// Whether an extension of `type` is present.
    public func contains(type: ExtensionType) -> Bool {
        contains { $0.extensionType == type }
    }

    /// The payload of the extension of `type` decoded as `Payload` (the whole extension data
    /// must be consumed), or nil when there is no such extension.
    public func payload<Payload: MLSDecodable>(
        _ payloadType: Payload.Type = Payload.self, ofType type: ExtensionType
    ) throws(CodecError) -> Payload? {
        guard let found = first(ofType: type) else { return nil }
        return try Payload(mlsEncoded: found.extensionData)
    }

    /// Whether every extension type occurs at most once (RFC 9420 §13).
    public var hasUniqueTypes: Bool {
        var seen = Set<ExtensionType>()
        for element in self where !seen.insert(element.extensionType).inserted { return false }
        return true
    }

    /// Throws ``MLSError/Code/duplicateExtension`` unless every extension type occurs at most once.
    /// Decoding already rejects duplicates; use this on lists built locally.
    public func validateUniqueTypes() throws(MLSError) {
        guard hasUniqueTypes else { throw MLSError(.duplicateExtension, "extensions") }
    }
}
