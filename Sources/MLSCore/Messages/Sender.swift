import MLSCodec

// enum {
//     reserved(0),
//     member(1),
//     external(2),
//     new_member_proposal(3),
//     new_member_commit(4),
//     (255)
// } SenderType;
//
// struct {
//     SenderType sender_type;
//     select (Sender.sender_type) {
//         case member:
//             uint32 leaf_index;
//         case external:
//             uint32 sender_index;
//         case new_member_commit:
//         case new_member_proposal:
//             struct{};
//     };
// } Sender;
/// Who sent a framed message (RFC 9420 §6).
public enum Sender: Hashable, Sendable {
    /// A member, by leaf.
    case member(LeafIndex)
    /// An external sender, by index into the `external_senders` extension.
    case external(UInt32)
    case newMemberProposal
    case newMemberCommit

    /// The `SenderType` enum of RFC 9420 §6.
    public enum SenderType: UInt8, Hashable, Sendable, CaseIterable {
        case member = 1
        case external = 2
        case newMemberProposal = 3
        case newMemberCommit = 4
    }

    public var senderType: SenderType {
        switch self {
        case .member: .member
        case .external: .external
        case .newMemberProposal: .newMemberProposal
        case .newMemberCommit: .newMemberCommit
        }
    }

    /// Whether FramedContentTBS includes the GroupContext for this sender (member and
    /// new_member_commit, RFC 9420 §6.1).
    public var signsGroupContext: Bool {
        switch self {
        case .member, .newMemberCommit: true
        case .external, .newMemberProposal: false
        }
    }

    /// Whether a PublicMessage from this sender carries a membership tag (members only, §6.2).
    public var hasMembershipTag: Bool {
        if case .member = self { true } else { false }
    }
}

extension Sender: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(senderType.rawValue)
        switch self {
        case .member(let leaf): writer.write(leaf)
        case .external(let index): writer.write(index)
        case .newMemberProposal, .newMemberCommit: break
        }
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        guard let type = SenderType(rawValue: try reader.readUInt8()) else {
            throw CodecError(.invalidValue, "SenderType")
        }
        switch type {
        case .member: self = .member(try reader.read())
        case .external: self = .external(try reader.readUInt32())
        case .newMemberProposal: self = .newMemberProposal
        case .newMemberCommit: self = .newMemberCommit
        }
    }
}
