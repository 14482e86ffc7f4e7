import MLSCodec

/// The associated data of the two AEAD encryptions of a PrivateMessage (RFC 9420 §6.3).
extension PrivateMessage {
    // struct {
    //     opaque group_id<V>;
    //     uint64 epoch;
    //     ContentType content_type;
    //     opaque authenticated_data<V>;
    // } PrivateContentAAD;
    /// The AAD of the content encryption (§6.3.1).
    var privateContentAAD: [UInt8] {
        var writer = MLSWriter()
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(contentType)
        writer.writeOpaque(authenticatedData)
        return writer.bytes
    }

    // struct {
    //     opaque group_id<V>;
    //     uint64 epoch;
    //     ContentType content_type;
    // } SenderDataAAD;
    /// The AAD of the sender data encryption (§6.3.2).
    var senderDataAAD: [UInt8] {
        var writer = MLSWriter()
        writer.writeOpaque(groupID)
        writer.write(epoch)
        writer.write(contentType)
        return writer.bytes
    }
}
