import MLSCodec

// uint16 ProposalType;
/// A proposal type code point (RFC 9420 §12.1, §17.4). Unknown values are plain numbers in
/// capability lists; a ``Proposal`` of an unknown type cannot be decoded.
public struct ProposalType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let add = ProposalType(rawValue: 0x0001)
    public static let update = ProposalType(rawValue: 0x0002)
    public static let remove = ProposalType(rawValue: 0x0003)
    public static let preSharedKey = ProposalType(rawValue: 0x0004)
    public static let reInit = ProposalType(rawValue: 0x0005)
    public static let externalInit = ProposalType(rawValue: 0x0006)
    public static let groupContextExtensions = ProposalType(rawValue: 0x0007)

    /// The proposal types defined by RFC 9420 (implemented by every client, §7.2).
    public static let defaultTypes: [ProposalType] = [
        .add, .update, .remove, .preSharedKey, .reInit, .externalInit, .groupContextExtensions,
    ]

    public var description: String { "proposal_type(0x\(String(rawValue, radix: 16)))" }
}

extension ProposalType: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { rawValue = try reader.readUInt16() }
}
