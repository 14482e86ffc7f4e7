/// Error codes of message framing and protection (RFC 9420 §6).
extension MLSError.Code {
    /// §6.1: the signature on FramedContentTBS (SignWithLabel "FramedContentTBS") did not verify
    /// with the sender's signature key.
    public static let invalidSignature = Self(rawValue: "mls.invalid_signature")
    /// §6.2: a PublicMessage from a `member` sender carried a membership_tag that is not
    /// `MAC(membership_key, AuthenticatedContentTBM)`.
    public static let invalidMembershipTag = Self(rawValue: "mls.invalid_membership_tag")
    /// §6.2: a PublicMessage from a `member` sender had no membership_tag.
    public static let missingMembershipTag = Self(rawValue: "mls.missing_membership_tag")
    /// §6.2: a PublicMessage from a non-member sender (external, new_member_*) carried a
    /// membership_tag, which the structure does not allow.
    public static let unexpectedMembershipTag = Self(rawValue: "mls.unexpected_membership_tag")
    /// §6, §12.4.2: the message's group_id is not the group's.
    public static let wrongGroupID = Self(rawValue: "mls.wrong_group_id")
    /// §6, §12.4.2: the message's epoch is not the epoch whose keys were supplied.
    public static let wrongEpoch = Self(rawValue: "mls.wrong_epoch")
    /// §6 ("Applications MUST use PrivateMessage to encrypt application messages"): application
    /// data framed as a PublicMessage, on either the sending or the receiving side.
    public static let applicationDataInPublicMessage = Self(rawValue: "mls.application_data_in_public_message")
    /// §6.1, §6.3.2: the sender's leaf is blank or outside the tree, or no signature key is known
    /// for the sender.
    public static let unknownSender = Self(rawValue: "mls.unknown_sender")
    /// §6.1: a sender type that is not allowed for this content type or wire format (e.g. an
    /// external sender of a commit, a non-member sender in a PrivateMessage, §6.3.2).
    public static let invalidSenderType = Self(rawValue: "mls.invalid_sender_type")
    /// §12.1.8.1: an `external` sender proposed a type external senders may not send
    /// (update, external_init); such messages are malformed.
    public static let proposalTypeNotAllowedForExternalSender = Self(rawValue: "mls.proposal_type_not_allowed_for_external_sender")
    /// §6.1: a commit's FramedContentAuthData has no confirmation_tag.
    public static let missingConfirmationTag = Self(rawValue: "mls.missing_confirmation_tag")
    /// §6.1: a proposal's or application message's FramedContentAuthData has a confirmation_tag.
    public static let unexpectedConfirmationTag = Self(rawValue: "mls.unexpected_confirmation_tag")
    /// §6.3.1: non-zero bytes in the padding of a PrivateMessageContent.
    public static let invalidPadding = Self(rawValue: "mls.invalid_padding")
    /// §6.3.2: the SenderData could not be decrypted (wrong sender_data_secret or a modified
    /// message) or did not decode.
    public static let senderDataDecryptionFailed = Self(rawValue: "mls.sender_data_decryption_failed")
    /// §6.3.1: the PrivateMessage ciphertext could not be decrypted with the key and nonce of
    /// the sender's generation, or the plaintext did not decode as PrivateMessageContent.
    public static let contentDecryptionFailed = Self(rawValue: "mls.content_decryption_failed")
    /// §6: the MLSMessage does not carry the wire format expected here.
    public static let unexpectedWireFormat = Self(rawValue: "mls.unexpected_wire_format")
    /// §6.3.1: the padding policy asks for a block size of zero or a message that would exceed
    /// ``MLSLimits/maxMessageLength``.
    public static let invalidPaddingPolicy = Self(rawValue: "mls.invalid_padding_policy")
}
