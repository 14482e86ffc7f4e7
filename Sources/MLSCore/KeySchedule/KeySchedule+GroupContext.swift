import MLSCrypto

extension KeySchedule {
    /// ``advance(initSecret:commitSecret:pskSecret:groupContext:)`` for the new epoch's
    /// ``GroupContext`` (serialized here).
    public func advance(
        initSecret: SecretBytes, commitSecret: SecretBytes?, pskSecret: SecretBytes?, groupContext: GroupContext
    ) throws -> Output {
        try advance(initSecret: initSecret, commitSecret: commitSecret, pskSecret: pskSecret, groupContext: groupContext.mlsEncoded)
    }

    /// ``join(joinerSecret:pskSecret:groupContext:)`` for the GroupInfo's ``GroupContext``.
    public func join(joinerSecret: SecretBytes, pskSecret: SecretBytes?, groupContext: GroupContext) throws -> Output {
        try join(joinerSecret: joinerSecret, pskSecret: pskSecret, groupContext: groupContext.mlsEncoded)
    }

    /// ``joinerSecret(initSecret:commitSecret:groupContext:)`` for a ``GroupContext``.
    public func joinerSecret(initSecret: SecretBytes, commitSecret: SecretBytes?, groupContext: GroupContext) throws -> SecretBytes {
        try joinerSecret(initSecret: initSecret, commitSecret: commitSecret, groupContext: groupContext.mlsEncoded)
    }
}
