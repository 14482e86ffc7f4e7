#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Overwrites a short-lived plain copy of secret bytes (a passphrase's UTF-8, a key read from or
/// written to disk) with zeros, with a call the optimizer may not remove. Arrays may have been
/// copied before (growth, copy-on-write), so this narrows the window; it is not a guarantee.
func wipeSecretCopy(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #else
        explicit_bzero(base, buffer.count)
        #endif
    }
}
