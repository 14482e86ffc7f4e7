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
    public var versions: [ProtocolVersion]
    public var cipherSuites: [CipherSuite]
    public var extensions: [ExtensionType]
    public var proposals: [ProposalType]
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
