import MLSCodec
import MLSCrypto

// struct {
//     opaque group_id<V>;
//     ProtocolVersion version;
//     CipherSuite cipher_suite;
//     Extension extensions<V>;
// } ReInit;
/// Ends the group and announces its successor's parameters (RFC 9420 §12.1.5).
public struct ReInitProposal: Hashable, Sendable {
    public var groupID: [UInt8]
    public var version: ProtocolVersion
    public var cipherSuite: CipherSuite
    public var extensions: [Extension]

    public init(groupID: [UInt8], version: ProtocolVersion = .mls10, cipherSuite: CipherSuite, extensions: [Extension]) {
        self.groupID = groupID
        self.version = version
        self.cipherSuite = cipherSuite
        self.extensions = extensions
    }
}

extension ReInitProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(groupID)
        writer.write(version)
        writer.write(cipherSuite)
        writer.writeVector(extensions)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        version = try reader.read()
        cipherSuite = try reader.read()
        extensions = try reader.readExtensions(maxLength: WireLimits.message)
    }
}
