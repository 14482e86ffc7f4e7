import MLSCrypto

extension MLSGroup {
    /// Encrypts application data as a PrivateMessage of the current epoch (RFC 9420 §15),
    /// padded to `configuration.paddingBlockSize`.
    ///
    /// - Throws: ``MLSError/Code/pendingProposals`` while proposals of this epoch are
    ///   uncommitted (§12.4: a member must commit them before sending application data).
    public mutating func encryptApplicationData(_ data: [UInt8], authenticatedData: [UInt8] = []) throws(MLSError) -> MLSMessage {
        try checkCanSend()
        guard proposalCache.isEmpty else { throw MLSError(.pendingProposals, "commit pending proposals first") }
        let content = FramedContent(
            groupID: groupContext.groupID, epoch: groupContext.epoch, sender: .member(ownLeafIndex),
            authenticatedData: authenticatedData, body: .application(data)
        )
        let authenticated = try signContent(content, wireFormat: .privateMessage)
        let padding = configuration.paddingBlockSize > 1
            ? ((try? PaddingPolicy(blockSize: configuration.paddingBlockSize)) ?? .none) : .none
        var keys = protection
        let message = try mapError(.invalidGroupState, "protect") {
            try keys.protect(authenticated, padding: padding, provider: provider)
        }
        protection = keys
        return message
    }
}
