import MLSCodec

extension GroupInfo {
    /// The signature label of a GroupInfo (RFC 9420 §12.4.3).
    public static let signatureLabel = "GroupInfoTBS"

    // struct {
    //     GroupContext group_context;
    //     Extension extensions<V>;
    //     MAC confirmation_tag;
    //     uint32 signer;
    // } GroupInfoTBS;
    /// The encoded `GroupInfoTBS`, the content of the GroupInfo's signature.
    public var toBeSigned: [UInt8] {
        var writer = MLSWriter(reservingCapacity: 512)
        encodeContent(to: &writer)
        return writer.bytes
    }
}
