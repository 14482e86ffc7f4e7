/// How much zero padding a sender appends to a PrivateMessageContent (RFC 9420 §6.3.1).
///
/// The RFC leaves the amount to the application. Padding the plaintext to a multiple of a
/// block size hides the exact length of short messages from the Delivery Service.
public struct PaddingPolicy: Hashable, Sendable {
    /// The encoded PrivateMessageContent (content, auth and padding) is padded with zero bytes
    /// to a multiple of this many bytes. 1 means no padding.
    public let blockSize: Int

    /// Pads the plaintext to a multiple of `blockSize` bytes; `blockSize` must be positive.
    public init(blockSize: Int) throws(MLSError) {
        guard blockSize >= 1, blockSize <= FramingLimits.maxPaddingBlockSize else {
            throw MLSError(.invalidPaddingPolicy, "block size")
        }
        self.blockSize = blockSize
    }

    private init(unchecked blockSize: Int) { self.blockSize = blockSize }

    /// No padding.
    public static let none = PaddingPolicy(unchecked: 1)
    /// Pads to a multiple of 32 bytes.
    public static let block32 = PaddingPolicy(unchecked: 32)

    /// The number of zero bytes to append to a plaintext of `length` bytes.
    func paddingLength(forContentLength length: Int) -> Int {
        let remainder = length % blockSize
        return remainder == 0 ? 0 : blockSize - remainder
    }
}
