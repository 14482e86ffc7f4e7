/// Bounds specific to framing.
enum FramingLimits {
    /// The largest padding block a sender may configure (64 KiB).
    static let maxPaddingBlockSize = 64 * 1024
}
