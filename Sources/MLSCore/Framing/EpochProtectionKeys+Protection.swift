import MLSCodec
import MLSCrypto

/// Protecting and unprotecting whole MLSMessages with one epoch's keys (RFC 9420 §6).
extension EpochProtectionKeys {
    /// Frames signed content as the wire format it was signed for: a PublicMessage (with the
    /// membership tag for member senders) or a PrivateMessage (advancing the sender's ratchet).
    ///
    /// Application data is only ever sent as a PrivateMessage
    /// (``MLSError/Code/applicationDataInPublicMessage``).
    public mutating func protect(
        _ content: AuthenticatedContent,
        padding: PaddingPolicy = .none,
        provider: any CipherSuiteProvider
    ) throws -> MLSMessage {
        switch content.wireFormat {
        case .publicMessage:
            let message = try PublicMessage.protect(content, context: groupContext, membershipKey: membershipKey, provider: provider)
            return MLSMessage(version: .mls10, body: .publicMessage(message))
        case .privateMessage:
            let message = try PrivateMessage.protect(content, keys: &self, padding: padding, provider: provider)
            return MLSMessage(version: .mls10, body: .privateMessage(message))
        default:
            throw MLSError(.unexpectedWireFormat, "not a framed message")
        }
    }

    /// Checks and opens a received PublicMessage or PrivateMessage of this epoch and returns
    /// its authenticated content. The confirmation tag of a commit is checked by the caller
    /// once the new epoch's confirmation key is known.
    ///
    /// - Throws: ``MLSError/Code/unexpectedWireFormat`` for other messages and protocol
    ///   versions, and every error of ``PublicMessage/unprotect(context:membershipKey:signatureKey:provider:)``
    ///   and ``PrivateMessage/unprotect(keys:provider:)``.
    public mutating func unprotect(_ message: MLSMessage, provider: any CipherSuiteProvider) throws -> AuthenticatedContent {
        guard message.version == .mls10 else { throw MLSError(.unexpectedWireFormat, "protocol version") }
        switch message.body {
        case .publicMessage(let publicMessage):
            return try publicMessage.unprotect(
                context: groupContext, membershipKey: membershipKey,
                signatureKey: try signatureKey(for: publicMessage.content), provider: provider
            )
        case .privateMessage(let privateMessage):
            return try privateMessage.unprotect(keys: &self, provider: provider)
        default:
            throw MLSError(.unexpectedWireFormat, "not a framed message")
        }
    }

    /// The key that must have signed `content` (§6.1): the member's leaf, the indexed entry of
    /// the `external_senders` extension, the LeafNode in a new member's commit path, or the
    /// LeafNode of the KeyPackage a new member proposes to add. Nil when there is none.
    public func signatureKey(for content: FramedContent) throws -> [UInt8]? {
        switch content.sender {
        case .member(let leaf):
            return memberSignatureKey(leaf)
        case .external(let index):
            guard let senders = try groupContext.extensions.payload(ExternalSendersExtension.self, ofType: .externalSenders)?.senders else {
                return nil
            }
            guard Int(index) < senders.count else { return nil }
            return senders[Int(index)].signatureKey
        case .newMemberCommit:
            guard case .commit(let commit) = content.body else { return nil }
            return commit.path?.leafNode.signatureKey
        case .newMemberProposal:
            guard case .proposal(.add(let add)) = content.body else { return nil }
            return add.keyPackage.leafNode.signatureKey
        }
    }
}
