import MLSCodec
import MLSCrypto

// struct {
//     ProtocolVersion versions<V>;
//     CipherSuite cipher_suites<V>;
//     ExtensionType extensions<V>;
//     ProposalType proposals<V>;
//     CredentialType credentials<V>;
// } Capabilities;
/// What a client supports (RFC 9420 §7.2). Unknown code points are kept as numbers.
public struct Capabilities: Hashable, Sendable {
    /// Protocol versions the client supports.
    public var versions: [ProtocolVersion]
    /// Cipher suites the client supports.
    public var cipherSuites: [CipherSuite]
    /// Non-default extension types the client supports (the RFC 9420 types are implied, §7.2).
    public var extensions: [ExtensionType]
    /// Non-default proposal types the client supports.
    public var proposals: [ProposalType]
    /// Credential types the client supports, including the one it uses.
    public var credentials: [CredentialType]

    public init(
        versions: [ProtocolVersion] = [.mls10],
        cipherSuites: [CipherSuite],
        extensions: [ExtensionType] = [],
        proposals: [ProposalType] = [],
        credentials: [CredentialType] = [.basic]
    ) {
        self.versions = versions
        self.cipherSuites = cipherSuites
        self.extensions = extensions
        self.proposals = proposals
        self.credentials = credentials
    }
}

extension Capabilities: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeVector(versions)
        writer.writeVector(cipherSuites)
        writer.writeVector(extensions)
        writer.writeVector(proposals)
        writer.writeVector(credentials)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        versions = try reader.readVector(maxLength: WireLimits.codeList)
        cipherSuites = try reader.readVector(maxLength: WireLimits.codeList)
        extensions = try reader.readVector(maxLength: WireLimits.codeList)
        proposals = try reader.readVector(maxLength: WireLimits.codeList)
        credentials = try reader.readVector(maxLength: WireLimits.codeList)
    }
}
