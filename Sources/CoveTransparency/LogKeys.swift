import Crypto
import MLSCrypto

/// The log's public Ed25519 key, pinned by clients at `cove init` and by auditors.
public struct LogPublicKey: Hashable, Sendable {
    public let rawRepresentation: [UInt8]

    public init(rawRepresentation: [UInt8]) throws(TransparencyError) {
        guard rawRepresentation.count == TransparencyLimits.publicKeyLength,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)) != nil
        else { throw TransparencyError(.invalidKey, "log public key") }
        self.rawRepresentation = rawRepresentation
    }

    /// Checks the signature and that the checkpoint names `origin` (when given).
    public func verify(_ signed: SignedCheckpoint, origin: [UInt8]? = nil) throws(TransparencyError) {
        if let origin, signed.checkpoint.origin != origin {
            throw TransparencyError(.wrongOrigin, "checkpoint of another log")
        }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation),
              signed.signature.count == TransparencyLimits.signatureLength,
              key.isValidSignature(signed.signature, for: signed.checkpoint.toBeSigned)
        else { throw TransparencyError(.badSignature, "checkpoint size \(signed.checkpoint.size)") }
    }

    /// SHA-256("Cove KT log key v1" || 0x00 || key), the first 16 bytes as 8 groups of 4 hex
    /// digits, e.g. "3f2a 91c0 ...": short enough to read aloud and compare with the operator.
    public var fingerprint: String {
        var hasher = SHA256()
        hasher.update(data: Array("Cove KT log key v1".utf8) + [0])
        hasher.update(data: rawRepresentation)
        let digest = Array(hasher.finalize())
        let hex = digest.prefix(16).map { byte in
            let s = String(byte, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return stride(from: 0, to: 16, by: 2).map { hex[$0] + hex[$0 + 1] }.joined(separator: " ")
    }
}

/// The log's signing key (server side). The private key lives in `SecretBytes`.
public struct LogSigner: Sendable {
    private let privateKey: SecretBytes
    public let publicKey: LogPublicKey

    /// A fresh random key.
    public init() throws(TransparencyError) {
        let key = Curve25519.Signing.PrivateKey()
        privateKey = SecretBytes(key.rawRepresentation)
        publicKey = try LogPublicKey(rawRepresentation: Array(key.publicKey.rawRepresentation))
    }

    /// From a stored 32-byte Ed25519 seed.
    public init(privateKey: SecretBytes) throws(TransparencyError) {
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try privateKey.withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
        } catch {
            throw TransparencyError(.invalidKey, "log private key")
        }
        self.privateKey = privateKey
        self.publicKey = try LogPublicKey(rawRepresentation: Array(key.publicKey.rawRepresentation))
    }

    /// The seed, for the server to persist (handle as a secret).
    public var privateKeyBytes: SecretBytes { privateKey }

    /// Signs a checkpoint.
    public func sign(_ checkpoint: Checkpoint) throws(TransparencyError) -> SignedCheckpoint {
        do {
            let key = try privateKey.withUnsafeBytes { try Curve25519.Signing.PrivateKey(rawRepresentation: $0) }
            let signature = try key.signature(for: checkpoint.toBeSigned)
            return SignedCheckpoint(checkpoint: checkpoint, signature: Array(signature))
        } catch {
            throw TransparencyError(.invalidKey, "signing failed")
        }
    }
}

extension MerkleLog {
    /// A signed checkpoint of the current tree.
    public func checkpoint(origin: [UInt8], timestamp: UInt64, signer: LogSigner) throws(TransparencyError) -> SignedCheckpoint {
        try signer.sign(Checkpoint(origin: origin, size: size, rootHash: rootHash, timestamp: timestamp))
    }
}
