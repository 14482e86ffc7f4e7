#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Secret key material: redacted when printed, compared in constant time, zeroized when the
/// last copy is released.
///
/// Every secret in Cove (epoch secrets, path secrets, private keys, AEAD keys) is held in this
/// one type so that the rules above hold everywhere by construction. Read the bytes only
/// through ``withUnsafeBytes(_:)`` or, where an API needs a copy, ``exposedBytes``.
public struct SecretBytes: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let storage: Storage

    public init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        storage = Storage(bytes)
    }

    /// `count` zero bytes (RFC 9420's "0" vectors of length Nh).
    public init(zeros count: Int) {
        storage = Storage(repeatElement(UInt8(0), count: count))
    }

    public var count: Int { storage.buffer.count }
    public var isEmpty: Bool { storage.buffer.isEmpty }

    /// Lends the secret's bytes to `body`; the pointer must not escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage.buffer))
    }

    /// A copy of the secret as a plain array, for APIs (encoders, other libraries) that need
    /// one. The copy is not zeroized: keep its lifetime short.
    public var exposedBytes: [UInt8] { Array(storage.buffer) }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }

    /// Constant-time comparison: the time taken depends only on the lengths.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        constantTimeEquals(lhs.storage.buffer, rhs.storage.buffer)
    }

    /// Hashes only the length, so a hash table never becomes a timing oracle on the contents.
    public func hash(into hasher: inout Hasher) { hasher.combine(count) }

    /// Owns a manually allocated buffer, so no copy-on-write duplicate can outlive the zeroing.
    private final class Storage: @unchecked Sendable {
        // Written once in init, read-only afterwards, zeroized in deinit: safe to share.
        let buffer: UnsafeMutableBufferPointer<UInt8>

        init<C: Collection>(_ bytes: C) where C.Element == UInt8 {
            buffer = .allocate(capacity: bytes.count)
            _ = buffer.initialize(from: bytes)
        }

        deinit {
            if let base = buffer.baseAddress, buffer.count > 0 {
                #if canImport(Darwin)
                _ = memset_s(base, buffer.count, 0, buffer.count)
                #else
                explicit_bzero(base, buffer.count)
                #endif
            }
            buffer.deallocate()
        }
    }
}

/// Compares two byte strings in time that depends only on their lengths. Use it for every
/// MAC, tag and secret comparison.
public func constantTimeEquals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
where A.Element == UInt8, B.Element == UInt8 {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}
