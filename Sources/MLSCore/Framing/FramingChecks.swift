import MLSCrypto

/// Checks shared by PublicMessage and PrivateMessage.
enum FramingChecks {
    /// The message belongs to this group and epoch (§6; the epoch keys only fit one epoch).
    static func checkGroupAndEpoch(groupID: [UInt8], epoch: UInt64, context: GroupContext) throws(MLSError) {
        guard constantTimeEquals(groupID, context.groupID) else { throw MLSError(.wrongGroupID, "group_id") }
        guard epoch == context.epoch else { throw MLSError(.wrongEpoch, "epoch \(epoch), expected \(context.epoch)") }
    }
}
