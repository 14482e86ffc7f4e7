import MLSCodec
import MLSCrypto

// struct {
//     ProtocolVersion version = mls10;
//     CipherSuite cipher_suite;
//     opaque group_id<V>;
//     uint64 epoch;
//     opaque tree_hash<V>;
//     opaque confirmed_transcript_hash<V>;
//     Extension extensions<V>;
// } GroupContext;
/// The shared state every member agrees on in an epoch (RFC 9420 §8.1).
public struct GroupContext: Hashable, Sendable {
    /// Always `mls10` for RFC 9420 groups.
    public var version: ProtocolVersion
    /// The group's cipher suite, fixed for its lifetime.
    public var cipherSuite: CipherSuite
    /// The application-chosen group identifier.
    public var groupID: [UInt8]
    /// The epoch counter, incremented by every commit.
    public var epoch: UInt64
    /// The tree hash of the ratchet tree's root (§7.8).
    public var treeHash: [UInt8]
    /// The confirmed transcript hash after the commit that began this epoch (§8.2).
    public var confirmedTranscriptHash: [UInt8]
    /// Group context extensions (required capabilities, external senders...).
    public var extensions: [Extension]

    public init(
        version: ProtocolVersion = .mls10, cipherSuite: CipherSuite, groupID: [UInt8], epoch: UInt64,
        treeHash: [UInt8], confirmedTranscriptHash: [UInt8], extensions: [Extension]
    ) {
        self.version = version
        self.cipherSuite = cipherSuite
        self.groupID = groupID
        self.epoch = epoch
        self.treeHash = treeHash
        self.confirmedTranscriptHash = confirmedTranscriptHash
        self.extensions = extensions
    }
}

extension GroupContext: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(version)
        writer.write(cipherSuite)
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.writeOpaque(treeHash)
        writer.writeOpaque(confirmedTranscriptHash)
        writer.writeVector(extensions)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        version = try reader.read()
        cipherSuite = try reader.read()
        groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
        epoch = try reader.readUInt64()
        treeHash = try reader.readOpaque(maxLength: WireLimits.key)
        confirmedTranscriptHash = try reader.readOpaque(maxLength: WireLimits.key)
        extensions = try reader.readExtensions(maxLength: WireLimits.message)
    }
}
