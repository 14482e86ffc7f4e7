import MLSCodec

// struct {
//     ProposalOrRef proposals<V>;
//     optional<UpdatePath> path;
// } Commit;
/// Applies a list of proposals and optionally refreshes the committer's path (RFC 9420 §12.4).
public struct Commit: Hashable, Sendable {
    /// The proposals applied, by value or by reference, in order.
    public var proposals: [ProposalOrRef]
    /// The committer's UpdatePath; required unless every proposal is path-optional (§12.4).
    public var path: UpdatePath?

    public init(proposals: [ProposalOrRef], path: UpdatePath?) {
        self.proposals = proposals
        self.path = path
    }
}

extension Commit: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeVector(proposals)
        writer.writeOptional(path)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        proposals = try reader.readVector(maxLength: WireLimits.message)
        path = try reader.readOptional()
    }
}
