/// Every length bound the decoders enforce, in one place.
///
/// RFC 9420 §2.1.2 allows vectors up to 2^30 - 1 bytes. Accepting that much from a peer lets
/// a single message demand a gigabyte of memory, so Cove bounds each kind of field to what a
/// real group needs. Raise a bound here, never at a call site.
public enum MLSLimits {
    /// The largest value a 4-byte RFC 9420 varint can hold.
    public static let maxVarint: UInt64 = (1 << 30) - 1
    /// Any single opaque or vector field, unless a smaller bound applies.
    public static let maxVectorLength = 16 * 1024 * 1024
    /// Public keys, signatures, hashes, nonces and similar fixed-size-in-practice values.
    public static let maxKeyLength = 4096
    /// Group identifiers, credential identities, PSK ids, labels and other identifiers.
    public static let maxIdentifierLength = 1024
    /// Application data, authenticated data and ciphertexts of one message.
    public static let maxMessageLength = 16 * 1024 * 1024
    /// A serialized ratchet tree (a 10,000-member PQ group is a few tens of megabytes).
    public static let maxRatchetTreeLength = 64 * 1024 * 1024
    /// Members of a group (leaves of the ratchet tree).
    public static let maxLeaves: UInt32 = 1 << 20
    /// Number of elements in any list (proposals in a commit, extensions, secrets in a Welcome...).
    public static let maxListCount = 1 << 20
    /// Depth of nested vectors while decoding.
    public static let maxNestingDepth = 16
}
