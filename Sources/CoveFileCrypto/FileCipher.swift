/// The AEAD that seals a file's chunks; its raw value is the header's cipher byte.
public enum FileCipher: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// AES-256-GCM (NIST SP 800-38D). The default: AES-NI and carry-less multiplication make it
    /// the fastest AEAD on every current x86-64 and ARMv8 server and phone.
    case aes256GCM = 1
    /// ChaCha20-Poly1305 (RFC 8439), for devices without AES instructions.
    case chaCha20Poly1305 = 2

    public var description: String {
        switch self {
        case .aes256GCM: "AES-256-GCM"
        case .chaCha20Poly1305: "ChaCha20-Poly1305"
        }
    }
}
