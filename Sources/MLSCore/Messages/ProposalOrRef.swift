import MLSCodec

// enum {
//   reserved(0),
//   proposal(1),
//   reference(2),
//   (255)
// } ProposalOrRefType;
//
// struct {
//   ProposalOrRefType type;
//   select (ProposalOrRef.type) {
//     case proposal:  Proposal proposal;
//     case reference: ProposalRef reference;
//   };
// } ProposalOrRef;
//
// opaque HashReference<V>;
// HashReference ProposalRef;
/// A proposal carried in a commit, by value or by reference (RFC 9420 §12.4).
public enum ProposalOrRef: Hashable, Sendable {
    case proposal(Proposal)
    case reference([UInt8])
}

extension ProposalOrRef: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        switch self {
        case .proposal(let proposal):
            writer.write(UInt8(1))
            writer.write(proposal)
        case .reference(let reference):
            writer.write(UInt8(2))
            writer.writeOpaque(reference)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        switch try reader.readUInt8() {
        case 1: self = .proposal(try reader.read())
        case 2: self = .reference(try reader.readOpaque(maxLength: WireLimits.key))
        default: throw CodecError(.invalidValue, "ProposalOrRefType")
        }
    }
}
