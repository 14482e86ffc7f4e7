import MLSCodec

// enum {
//   reserved(0),
//   external(1),
//   resumption(2),
//   (255)
// } PSKType;
//
// (the type-dependent part of PreSharedKeyID:)
//   select (PreSharedKeyID.psktype) {
//     case external:
//       opaque psk_id<V>;
//
//     case resumption:
//       ResumptionPSKUsage usage;
//       opaque psk_group_id<V>;
//       uint64 psk_epoch;
//   };
/// Which pre-shared key a ``PreSharedKeyID`` names (RFC 9420 §8.4).
public enum PSK: Hashable, Sendable {
    case external(pskID: [UInt8])
    case resumption(usage: ResumptionPSKUsage, pskGroupID: [UInt8], pskEpoch: UInt64)

    /// The `PSKType` value on the wire.
    public var pskType: UInt8 {
        switch self {
        case .external: 1
        case .resumption: 2
        }
    }
}

extension PSK: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(pskType)
        switch self {
        case .external(let pskID):
            writer.writeOpaque(pskID)
        case .resumption(let usage, let groupID, let epoch):
            writer.write(usage)
            writer.writeOpaque(groupID)
            writer.write(epoch)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        switch try reader.readUInt8() {
        case 1:
            self = .external(pskID: try reader.readOpaque(maxLength: WireLimits.identifier))
        case 2:
            let usage = try reader.read(ResumptionPSKUsage.self)
            let groupID = try reader.readOpaque(maxLength: WireLimits.identifier)
            let epoch = try reader.readUInt64()
            self = .resumption(usage: usage, pskGroupID: groupID, pskEpoch: epoch)
        default:
            throw CodecError(.invalidValue, "PSKType")
        }
    }
}
