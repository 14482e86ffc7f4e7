import Crypto
import Foundation
import MLSCrypto
import _CryptoExtras

/// scrypt (RFC 7914), the passphrase KDF of the local store, and the PBKDF2-HMAC-SHA256 it is
/// built on.
///
/// The computation itself is BoringSSL's (`KDF.Scrypt` and `KDF.Insecure.PBKDF2` in swift-crypto's
/// `_CryptoExtras`): audited C, fast even in debug builds. This type adds what that wrapper does
/// not do: it checks every parameter against RFC 7914's bounds and Cove's memory limit *before*
/// any work, so parameters read from a tampered `store.key.scrypt` cannot exhaust memory, and it
/// returns keys as ``SecretBytes`` (zeroized, redacted).
public enum Scrypt {
    /// The cost parameters N (CPU/memory cost), r (block size) and p (parallelism).
    public struct Parameters: Sendable, Hashable, Codable, CustomStringConvertible {
        public var n: Int
        public var r: Int
        public var p: Int

        public init(n: Int, r: Int, p: Int) {
            self.n = n
            self.r = r
            self.p = p
        }

        /// Cove's default for the store passphrase: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s
        /// on an idle core in a release build; docs/client-store.md has the measurements), the
        /// interactive-login setting recommended since scrypt's paper.
        public static let storeDefault = Parameters(n: 1 << 15, r: 8, p: 1)

        /// Bytes scrypt holds at once: V (128·r·N), B (128·r·p) and the BlockMix scratch (256·r).
        /// Saturates instead of overflowing, so absurd parameters fail the memory check.
        public var memoryBytes: Int {
            let (block, o0) = r.multipliedReportingOverflow(by: 128)
            let (v, o1) = block.multipliedReportingOverflow(by: n)
            let (b, o2) = block.multipliedReportingOverflow(by: p)
            let (vb, o3) = v.addingReportingOverflow(b)
            let (total, o4) = vb.addingReportingOverflow(block)
            let (withScratch, o5) = total.addingReportingOverflow(block)
            return o0 || o1 || o2 || o3 || o4 || o5 ? Int.max : withScratch
        }

        public var description: String { "scrypt(N=\(n), r=\(r), p=\(p))" }
    }

    /// Largest block size Cove accepts. RFC 7914 allows more; BoringSSL's wrapper derives its own
    /// memory limit (128·N·r·p plus one page) and rejects p = 1 with r > 16, and nothing Cove
    /// stores needs more.
    public static let maxR = 16
    /// Largest parallelism Cove accepts: p multiplies the work without adding memory, so an
    /// unbounded p in a tampered file would be a CPU exhaustion attack.
    public static let maxP = 16
    /// Default memory limit: 256 MiB, eight times the default cost. Callers that know better
    /// (a test of RFC 7914's 1 GiB vector) pass their own.
    public static let defaultMemoryLimit = 256 << 20
    /// Longest output RFC 7914 allows, (2^32 − 1)·32 bytes; Cove never asks for more than 64.
    static let maxOutputByteCount = 64

    /// Checks `parameters` against RFC 7914 section 2 and Cove's limits; throws
    /// `store.kdf_parameters` naming the violated rule.
    public static func validate(_ parameters: Parameters, memoryLimit: Int = defaultMemoryLimit) throws {
        let (n, r, p) = (parameters.n, parameters.r, parameters.p)
        // RFC 7914: N is a power of two greater than 1.
        guard n > 1, n & (n - 1) == 0 else {
            throw invalid("N must be a power of two greater than 1")
        }
        guard r >= 1, p >= 1 else { throw invalid("r and p must be positive") }
        // RFC 7914: p ≤ ((2^32 − 1)·32)/(128·r), i.e. r·p < 2^30.
        let (rp, overflow) = r.multipliedReportingOverflow(by: p)
        guard !overflow, rp < 1 << 30 else { throw invalid("r·p must be less than 2^30") }
        // RFC 7914: N < 2^(128·r/8) = 2^(16·r). Only binds for r < 4 (N is below 2^62 anyway).
        if 16 * r < Int.bitWidth - 2 {
            guard n < 1 << (16 * r) else { throw invalid("N must be less than 2^(16·r)") }
        }
        guard r <= maxR else { throw invalid("r must be at most \(maxR)") }
        guard p <= maxP else { throw invalid("p must be at most \(maxP)") }
        guard parameters.memoryBytes <= memoryLimit else {
            throw invalid("the parameters need more than \(memoryLimit >> 20) MiB of memory")
        }
    }

    /// scrypt(passphrase, salt, N, r, p, dkLen) of RFC 7914 section 6.
    ///
    /// - Parameters:
    ///   - passphrase: the secret, as bytes (Cove passes the NFC-normalized UTF-8 passphrase).
    ///   - salt: at least 16 random bytes in Cove's own use; any length is accepted here so that
    ///     RFC 7914's vectors (empty salt) can be checked.
    ///   - outputByteCount: 1 to 64.
    ///   - memoryLimit: the most memory the call may use, checked before any work.
    /// - Throws: `store.kdf_parameters` for invalid parameters.
    public static func deriveKey(
        passphrase: some Collection<UInt8>, salt: some Collection<UInt8>, parameters: Parameters,
        outputByteCount: Int = 32, memoryLimit: Int = defaultMemoryLimit
    ) throws -> SecretBytes {
        try validate(parameters, memoryLimit: memoryLimit)
        guard (1...maxOutputByteCount).contains(outputByteCount) else {
            throw invalid("the output length must be 1 to \(maxOutputByteCount) bytes")
        }
        // Contiguous arrays: the wrapper dereferences the base address, which an empty Data
        // would not have. An empty Array has one.
        let passphraseBytes = Array(passphrase)
        let saltBytes = Array(salt)
        let key: SymmetricKey
        do {
            key = try KDF.Scrypt.deriveKey(
                from: passphraseBytes, salt: saltBytes, outputByteCount: outputByteCount,
                rounds: parameters.n, blockSize: parameters.r, parallelism: parameters.p)
        } catch {
            throw CoveClientError(.storeKDFParameters, "scrypt failed for \(parameters)",
                                  hint: "the parameters may exceed this build's limits")
        }
        return key.withUnsafeBytes { SecretBytes($0) }
    }

    /// PBKDF2-HMAC-SHA256(password, salt, c, dkLen) of RFC 8018 section 5.2, the function scrypt
    /// uses with c = 1 before and after ROMix. Exposed for RFC 7914 section 11's vectors.
    ///
    /// - Throws: `store.kdf_parameters` unless `iterations` ≥ 1 and `outputByteCount` is 1...1024.
    public static func pbkdf2SHA256(
        password: some Collection<UInt8>, salt: some Collection<UInt8>, iterations: Int,
        outputByteCount: Int
    ) throws -> SecretBytes {
        guard iterations >= 1, iterations <= UInt32.max else {
            throw invalid("PBKDF2 needs 1 to 2^32 − 1 iterations")
        }
        guard (1...1024).contains(outputByteCount) else {
            throw invalid("the PBKDF2 output length must be 1 to 1024 bytes")
        }
        let passwordBytes = Array(password)
        let saltBytes = Array(salt)
        let key: SymmetricKey
        do {
            // "Insecure" and "unchecked" refer to low iteration counts, which RFC 7914 needs (c = 1):
            // scrypt's strength comes from ROMix, not from PBKDF2's iterations.
            key = try KDF.Insecure.PBKDF2.deriveKey(
                from: passwordBytes, salt: saltBytes, using: .sha256, outputByteCount: outputByteCount,
                unsafeUncheckedRounds: iterations)
        } catch {
            throw invalid("PBKDF2 failed")
        }
        return key.withUnsafeBytes { SecretBytes($0) }
    }

    private static func invalid(_ rule: String) -> CoveClientError {
        CoveClientError(.storeKDFParameters, "invalid scrypt parameters: \(rule)",
                        hint: "store.key.scrypt may be damaged; restore it from a backup")
    }
}
