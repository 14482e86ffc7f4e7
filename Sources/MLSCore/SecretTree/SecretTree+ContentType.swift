extension SecretTree.RatchetKind {
    /// The ratchet that protects content of `contentType` (RFC 9420 §6.3.1): application data
    /// uses the application ratchet, proposals and commits the handshake ratchet.
    public init(_ contentType: ContentType) {
        self = contentType == .application ? .application : .handshake
    }
}
