import MLSCodec

// struct {
//     ExtensionType extension_types<V>;
//     ProposalType proposal_types<V>;
//     CredentialType credential_types<V>;
// } RequiredCapabilities;
/// The `required_capabilities` group context extension (RFC 9420 §11.1).
public struct RequiredCapabilitiesExtension: Hashable, Sendable {
    public var extensionTypes: [ExtensionType]
    public var proposalTypes: [ProposalType]
    public var credentialTypes: [CredentialType]

    public init(extensionTypes: [ExtensionType], proposalTypes: [ProposalType], credentialTypes: [CredentialType]) {
        self.extensionTypes = extensionTypes
        self.proposalTypes = proposalTypes
        self.credentialTypes = credentialTypes
    }
}

extension RequiredCapabilitiesExtension: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeVector(extensionTypes)
        writer.writeVector(proposalTypes)
        writer.writeVector(credentialTypes)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        extensionTypes = try reader.readVector(maxLength: WireLimits.codeList)
        proposalTypes = try reader.readVector(maxLength: WireLimits.codeList)
        credentialTypes = try reader.readVector(maxLength: WireLimits.codeList)
    }
}
