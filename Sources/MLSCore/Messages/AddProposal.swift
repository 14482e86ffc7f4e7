import MLSCodec

// struct {
//     KeyPackage key_package;
// } Add;
/// Adds the owner of a key package to the group (RFC 9420 §12.1.1).
public struct AddProposal: Hashable, Sendable {
    public var keyPackage: KeyPackage
    public init(keyPackage: KeyPackage) { self.keyPackage = keyPackage }
}

extension AddProposal: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(keyPackage) }
    public init(from reader: inout MLSReader) throws(CodecError) { keyPackage = try reader.read() }
}
