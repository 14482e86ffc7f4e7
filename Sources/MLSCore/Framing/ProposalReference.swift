import MLSCrypto

/// Proposal references (RFC 9420 §5.2, §12.4): `RefHash("MLS 1.0 Proposal Reference",
/// AuthenticatedContent)`, where the value is the encoding of the AuthenticatedContent that
/// carried the proposal (signature included).
extension Proposal {
    static let referenceLabel = "MLS 1.0 Proposal Reference"

    /// The ProposalRef of the proposal carried by `authenticatedContent`.
    public static func reference(_ provider: any CipherSuiteProvider, authenticatedContent: AuthenticatedContent) -> [UInt8] {
        provider.refHash(label: referenceLabel, value: authenticatedContent.mlsEncoded)
    }
}
