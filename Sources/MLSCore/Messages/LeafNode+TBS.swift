import MLSCodec

extension LeafNode {
    /// The signature label of a leaf node (RFC 9420 §7.2).
    public static let signatureLabel = "LeafNodeTBS"

    // struct {
    //     HPKEPublicKey encryption_key;
    //     SignaturePublicKey signature_key;
    //     Credential credential;
    //     Capabilities capabilities;
    //
    //     LeafNodeSource leaf_node_source;
    //     select (LeafNodeTBS.leaf_node_source) {
    //         case key_package:
    //             Lifetime lifetime;
    //
    //         case update:
    //             struct{};
    //
    //         case commit:
    //             opaque parent_hash<V>;
    //     };
    //
    //     Extension extensions<V>;
    //
    //     select (LeafNodeTBS.leaf_node_source) {
    //         case key_package:
    //             struct{};
    //
    //         case update:
    //             opaque group_id<V>;
    //             uint32 leaf_index;
    //
    //         case commit:
    //             opaque group_id<V>;
    //             uint32 leaf_index;
    //     };
    // } LeafNodeTBS;
    /// The encoded `LeafNodeTBS` (RFC 9420 §7.2), the content of the leaf's signature.
    ///
    /// `groupID` and `leafIndex` are part of the signed content for `update` and `commit`
    /// sources and ignored for `key_package`. A caller that omits them for an update/commit leaf
    /// gets bytes without them, which no valid signature covers, so verification fails closed.
    public func toBeSigned(groupID: [UInt8]?, leafIndex: LeafIndex?) -> [UInt8] {
        var writer = MLSWriter(reservingCapacity: 256)
        encodeContent(to: &writer)
        switch source {
        case .keyPackage:
            break
        case .update, .commit:
            if let groupID { writer.writeOpaque(groupID) }
            if let leafIndex { writer.write(leafIndex) }
        }
        return writer.bytes
    }
}
