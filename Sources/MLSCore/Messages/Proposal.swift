import MLSCodec

// struct {
//     ProposalType proposal_type;
//     select (Proposal.proposal_type) {
//         case add:                      Add;
//         case update:                   Update;
//         case remove:                   Remove;
//         case psk:                      PreSharedKey;
//         case reinit:                   ReInit;
//         case external_init:            ExternalInit;
//         case group_context_extensions: GroupContextExtensions;
//     };
// } Proposal;
/// A proposed change to the group (RFC 9420 §12.1). The body of an unknown proposal type has
/// no length prefix and cannot be skipped, so decoding rejects unknown types.
public enum Proposal: Hashable, Sendable {
    case add(AddProposal)
    case update(UpdateProposal)
    case remove(RemoveProposal)
    case preSharedKey(PreSharedKeyProposal)
    case reInit(ReInitProposal)
    case externalInit(ExternalInitProposal)
    case groupContextExtensions(GroupContextExtensionsProposal)

    public var proposalType: ProposalType {
        switch self {
        case .add: .add
        case .update: .update
        case .remove: .remove
        case .preSharedKey: .preSharedKey
        case .reInit: .reInit
        case .externalInit: .externalInit
        case .groupContextExtensions: .groupContextExtensions
        }
    }
}

extension Proposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(proposalType)
        switch self {
        case .add(let body): writer.write(body)
        case .update(let body): writer.write(body)
        case .remove(let body): writer.write(body)
        case .preSharedKey(let body): writer.write(body)
        case .reInit(let body): writer.write(body)
        case .externalInit(let body): writer.write(body)
        case .groupContextExtensions(let body): writer.write(body)
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        switch try reader.read(ProposalType.self) {
        case .add: self = .add(try reader.read())
        case .update: self = .update(try reader.read())
        case .remove: self = .remove(try reader.read())
        case .preSharedKey: self = .preSharedKey(try reader.read())
        case .reInit: self = .reInit(try reader.read())
        case .externalInit: self = .externalInit(try reader.read())
        case .groupContextExtensions: self = .groupContextExtensions(try reader.read())
        default: throw CodecError(.invalidValue, "ProposalType")
        }
    }
}
