/// A public key used as a set or dictionary key, hashed in one pass over its bytes
/// (`Hasher.combine(bytes:)`) instead of byte by byte as `[UInt8]` is: an X-Wing encryption
/// key is 1,216 bytes, and key-uniqueness checks hash every key of the tree.
/// Equality compares every byte, so colliding hashes cost time, never a wrong answer.
struct KeyBytes: Hashable, Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func == (lhs: KeyBytes, rhs: KeyBytes) -> Bool { lhs.bytes == rhs.bytes }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
