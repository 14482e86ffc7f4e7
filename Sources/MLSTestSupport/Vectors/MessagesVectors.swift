import MLS

/// `messages.json`: encode/decode round trip of every wire struct (RFC 9420).
///
/// Each field must decode strictly (no trailing bytes) as its structure and re-encode to the
/// identical bytes. MLSMessage-wrapped fields must also carry the wire format (and, for the
/// PublicMessage fields, the content type) the field name promises.
struct MessagesVectors: VectorFamily {
    let name = "messages"

    func matches(_ entry: VectorEntry) -> Bool { entry.has("mls_welcome") }

    func run(_ entry: VectorEntry, context: VectorContext) throws {
        try message(entry, "mls_welcome", .welcome)
        try message(entry, "mls_group_info", .groupInfo)
        try message(entry, "mls_key_package", .keyPackage)
        try message(entry, "private_message", .privateMessage)
        try message(entry, "public_message_application", .publicMessage, contentType: .application)
        try message(entry, "public_message_proposal", .publicMessage, contentType: .proposal)
        try message(entry, "public_message_commit", .publicMessage, contentType: .commit)

        try roundTrip(entry, "ratchet_tree", RatchetTreeNodes.self)
        try roundTrip(entry, "group_secrets", GroupSecrets.self)
        try roundTrip(entry, "add_proposal", AddProposal.self)
        try roundTrip(entry, "update_proposal", UpdateProposal.self)
        try roundTrip(entry, "remove_proposal", RemoveProposal.self)
        try roundTrip(entry, "pre_shared_key_proposal", PreSharedKeyProposal.self)
        try roundTrip(entry, "re_init_proposal", ReInitProposal.self)
        try roundTrip(entry, "external_init_proposal", ExternalInitProposal.self)
        try roundTrip(entry, "group_context_extensions_proposal", GroupContextExtensionsProposal.self)
        try roundTrip(entry, "commit", Commit.self)
    }

    @discardableResult
    private func roundTrip<T: MLSCodable>(_ entry: VectorEntry, _ field: String, _ type: T.Type) throws -> T {
        let bytes = try entry.hex(field)
        let value: T
        do {
            value = try T(mlsEncoded: bytes)
        } catch {
            throw VectorFailure("\(field): decoding as \(T.self) failed: \(error)")
        }
        try VectorEntry.expectEqual(value.mlsEncoded, bytes, "\(field) re-encoding")
        return value
    }

    private func message(
        _ entry: VectorEntry, _ field: String, _ wireFormat: WireFormat, contentType: ContentType? = nil
    ) throws {
        let message = try roundTrip(entry, field, MLSMessage.self)
        try VectorEntry.expectEqual(message.wireFormat, wireFormat, "\(field) wire format")
        if let contentType {
            guard case .publicMessage(let publicMessage) = message.body else {
                throw VectorFailure("\(field) is not a PublicMessage")
            }
            try VectorEntry.expectEqual(publicMessage.content.contentType, contentType, "\(field) content type")
        }
    }
}
