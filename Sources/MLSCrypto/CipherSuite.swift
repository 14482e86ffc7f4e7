import MLSCodec

/// An MLS cipher suite (RFC 9420 §5.1, §17.1) and the sizes of its primitives.
public struct CipherSuite: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Suite 1, the mandatory-to-implement suite.
    public static let mls128DHKEMX25519AES128GCMSHA256Ed25519 = CipherSuite(rawValue: 0x0001)
    public static let mls128DHKEMP256AES128GCMSHA256P256 = CipherSuite(rawValue: 0x0002)
    public static let mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519 = CipherSuite(rawValue: 0x0003)
    /// Needs X448/Ed448, which swift-crypto lacks; recognised but not implemented.
    public static let mls256DHKEMX448AES256GCMSHA512Ed448 = CipherSuite(rawValue: 0x0004)
    public static let mls256DHKEMP521AES256GCMSHA512P521 = CipherSuite(rawValue: 0x0005)
    /// Needs X448/Ed448, which swift-crypto lacks; recognised but not implemented.
    public static let mls256DHKEMX448ChaCha20Poly1305SHA512Ed448 = CipherSuite(rawValue: 0x0006)
    public static let mls256DHKEMP384AES256GCMSHA384P384 = CipherSuite(rawValue: 0x0007)

    /// MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519 (draft-ietf-mls-pq-ciphersuites "TBD1"):
    /// X-Wing KEM (0x647a), HKDF-SHA256, AES-128-GCM, Ed25519.
    ///
    /// IANA has not assigned a code point yet, so Cove uses 0xF001 from the private-use range
    /// 0xF000-0xFFFF (RFC 9420 §17.1). Groups move to the assigned value by ReInit once it exists.
    public static let mls128XWingAES128GCMSHA256Ed25519 = CipherSuite(rawValue: 0xF001)

    /// Every suite this package knows the parameters of.
    public static let known: [CipherSuite] = [
        .mls128DHKEMX25519AES128GCMSHA256Ed25519, .mls128DHKEMP256AES128GCMSHA256P256,
        .mls128DHKEMX25519ChaCha20Poly1305SHA256Ed25519, .mls256DHKEMX448AES256GCMSHA512Ed448,
        .mls256DHKEMP521AES256GCMSHA512P521, .mls256DHKEMX448ChaCha20Poly1305SHA512Ed448,
        .mls256DHKEMP384AES256GCMSHA384P384, .mls128XWingAES128GCMSHA256Ed25519,
    ]

    public var description: String {
        switch rawValue {
        case 0x0001: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
        case 0x0002: "MLS_128_DHKEMP256_AES128GCM_SHA256_P256"
        case 0x0003: "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519"
        case 0x0004: "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"
        case 0x0005: "MLS_256_DHKEMP521_AES256GCM_SHA512_P521"
        case 0x0006: "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448"
        case 0x0007: "MLS_256_DHKEMP384_AES256GCM_SHA384_P384"
        case 0xF001: "MLS_128_MLKEM768X25519_AES128GCM_SHA256_Ed25519"
        default: "cipher_suite(0x\(String(rawValue, radix: 16)))"
        }
    }

    /// The sizes and identifiers of this suite's primitives, or nil for an unknown suite.
    public var parameters: Parameters? { Parameters(self) }

    /// RFC 9180 / RFC 9420 identifiers and sizes for a suite.
    public struct Parameters: Hashable, Sendable {
        /// HPKE KEM identifier (RFC 9180 §7.1; 0x647a for X-Wing).
        public let kemID: UInt16
        /// HPKE KDF identifier (RFC 9180 §7.2).
        public let kdfID: UInt16
        /// HPKE AEAD identifier (RFC 9180 §7.3).
        public let aeadID: UInt16
        /// SignatureScheme (RFC 8446 §4.2.3).
        public let signatureScheme: UInt16
        /// Output size of the hash and of KDF.Extract (Nh).
        public let hashLength: Int
        /// AEAD key size (Nk).
        public let aeadKeyLength: Int
        /// AEAD nonce size (Nn).
        public let aeadNonceLength: Int

        init?(_ suite: CipherSuite) {
            switch suite.rawValue {
            case 0x0001: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0020, 1, 1, 0x0807, 32, 16)
            case 0x0002: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0010, 1, 1, 0x0403, 32, 16)
            case 0x0003: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0020, 1, 3, 0x0807, 32, 32)
            case 0x0004: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0021, 3, 2, 0x0808, 64, 32)
            case 0x0005: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0012, 3, 2, 0x0603, 64, 32)
            case 0x0006: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0021, 3, 3, 0x0808, 64, 32)
            case 0x0007: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x0011, 2, 2, 0x0503, 48, 32)
            case 0xF001: (kemID, kdfID, aeadID, signatureScheme, hashLength, aeadKeyLength) = (0x647a, 1, 1, 0x0807, 32, 16)
            default: return nil
            }
            aeadNonceLength = 12
        }
    }
}

extension CipherSuite: MLSCodable {
    public func encode(to writer: inout MLSWriter) { writer.write(rawValue) }
    public init(from reader: inout MLSReader) throws(CodecError) { self.init(rawValue: try reader.readUInt16()) }
}
