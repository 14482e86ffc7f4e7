/// A decrypted application message (RFC 9420 §15).
public struct ApplicationMessage: Sendable, Hashable {
    /// The sending member's leaf in the epoch the message was sent in.
    public let sender: LeafIndex
    /// The epoch the message was sent in (may be a recent past epoch).
    public let epoch: UInt64
    /// The application data.
    public let data: [UInt8]
    /// The sender's `authenticated_data` (authenticated, not encrypted).
    public let authenticatedData: [UInt8]
}
