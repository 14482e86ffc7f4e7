import Crypto
import Foundation
import MLSCrypto

/// The hash functions of the supported suites, with the HMAC and HKDF (RFC 5869) built on them.
///
/// HKDF is written here on top of swift-crypto's HMAC rather than taken from swift-crypto's
/// `HKDF` type so that the length rule (at most 255 * Nh bytes) throws instead of trapping and
/// the pseudorandom key may have any length, as RFC 5869 allows.
enum HashAlgorithm: Sendable {
    case sha256, sha384, sha512

    /// Nh: the digest size and the HKDF-Extract output size.
    var outputLength: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    func hash<D: DataProtocol>(_ data: D) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: data))
        case .sha384: Array(SHA384.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }

    /// HMAC(key, data).
    func hmac(key: SymmetricKey, data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: data, using: key))
        case .sha384: Array(HMAC<SHA384>.authenticationCode(for: data, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: data, using: key))
        }
    }

    /// HKDF-Extract(salt, IKM) = HMAC(salt, IKM); an empty salt is Nh zero bytes (RFC 5869 §2.2),
    /// which HMAC's zero padding makes identical to the empty key.
    func extract(salt: [UInt8], ikm: SecretBytes) -> SecretBytes {
        let key = SymmetricKey(data: salt.isEmpty ? [UInt8](repeating: 0, count: outputLength) : salt)
        return ikm.withUnsafeBytes { ikmBytes in
            var mac: [UInt8]
            switch self {
            case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: ikmBytes, using: key))
            case .sha384: mac = Array(HMAC<SHA384>.authenticationCode(for: ikmBytes, using: key))
            case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: ikmBytes, using: key))
            }
            defer { mac.wipe() }
            return SecretBytes(mac)
        }
    }

    /// HKDF-Expand(PRK, info, L) (RFC 5869 §2.3). Throws `invalidLength` for L > 255 * Nh.
    func expand(prk: SecretBytes, info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        guard length >= 0, length <= 255 * outputLength else {
            throw CryptoError(.invalidLength, "HKDF-Expand output longer than 255 * Nh")
        }
        let key = prk.withUnsafeBytes { SymmetricKey(data: $0) }
        var okm = [UInt8]()
        okm.reserveCapacity(length + outputLength)
        var block = [UInt8]()
        var counter: UInt8 = 1
        while okm.count < length {
            var input = block
            input.append(contentsOf: info)
            input.append(counter)
            block.wipe()
            block = hmac(key: key, data: input)
            input.wipe()
            okm.append(contentsOf: block)
            counter &+= 1
        }
        block.wipe()
        defer { okm.wipe() }
        return SecretBytes(okm.prefix(length))
    }
}

extension Array where Element == UInt8 {
    /// Overwrites the contents with zeros (best effort for temporaries holding secrets).
    mutating func wipe() {
        for i in indices { self[i] = 0 }
    }
}
