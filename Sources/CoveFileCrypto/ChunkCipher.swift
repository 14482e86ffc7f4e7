import Crypto
import Foundation

/// Seals and opens one chunk: AEAD under the payload key with nonce
/// `nonce_prefix (4) || chunk counter (7, big-endian) || last-chunk flag (1)` and empty
/// associated data (the header is bound through the key derivation).
struct ChunkCipher: Sendable {
    let cipher: FileCipher
    let key: SymmetricKey
    let noncePrefix: [UInt8]

    /// Calls `body` with the 12-byte nonce of chunk `index`.
    @inline(__always)
    private func withNonce<R>(index: UInt64, isFinal: Bool, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var n: (UInt64, UInt32) = (0, 0)
        return try withUnsafeMutableBytes(of: &n) { raw in
            for i in 0..<FileFormat.noncePrefixSize { raw[i] = noncePrefix[i] }
            for i in 0..<7 { raw[4 + i] = UInt8(truncatingIfNeeded: index >> (8 * (6 - i))) }
            raw[11] = isFinal ? 1 : 0
            return try body(UnsafeRawBufferPointer(rebasing: raw[0..<FileFormat.nonceSize]))
        }
    }

    /// Seals `plaintext` as chunk `index` and hands `ciphertext || tag` to `emit`.
    func seal(
        _ plaintext: UnsafeRawBufferPointer, index: UInt64, isFinal: Bool,
        emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard index < FileFormat.maxChunks else { throw FileCryptoError(.tooLarge, chunk: index) }
        let combined: Data
        switch cipher {
        case .aes256GCM:
            let nonce = try withNonce(index: index, isFinal: isFinal) { try AES.GCM.Nonce(data: $0) }
            // `combined` is nil only for non-12-byte nonces, which this format never uses.
            guard let bytes = try AES.GCM.seal(plaintext, using: key, nonce: nonce).combined else {
                throw FileCryptoError(.invalidState, chunk: index, context: "nonce size")
            }
            combined = bytes
        case .chaCha20Poly1305:
            let nonce = try withNonce(index: index, isFinal: isFinal) { try ChaChaPoly.Nonce(data: $0) }
            combined = try ChaChaPoly.seal(plaintext, using: key, nonce: nonce).combined
        }
        // combined = nonce || ciphertext || tag; the nonce is implicit in the file format.
        try combined.withUnsafeBytes { raw in
            try emit(UnsafeRawBufferPointer(rebasing: raw[FileFormat.nonceSize...]))
        }
    }

    /// Opens `sealed` (ciphertext || tag) as chunk `index` with the given flag and hands the
    /// plaintext to `emit`. Returns false, without calling `emit`, if authentication fails.
    func open(
        _ sealed: UnsafeRawBufferPointer, index: UInt64, isFinal: Bool,
        emit: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Bool {
        guard sealed.count >= FileFormat.tagSize, sealed.count <= FileFormat.sealedChunkSize else { return false }
        guard index < FileFormat.maxChunks else { throw FileCryptoError(.tooLarge, chunk: index) }
        let split = sealed.count - FileFormat.tagSize
        let body = UnsafeRawBufferPointer(rebasing: sealed[0..<split])
        let tag = UnsafeRawBufferPointer(rebasing: sealed[split...])
        let plaintext: Data
        do {
            switch cipher {
            case .aes256GCM:
                let nonce = try withNonce(index: index, isFinal: isFinal) { try AES.GCM.Nonce(data: $0) }
                let box = try AES.GCM.SealedBox(nonce: nonce, ciphertext: body, tag: tag)
                plaintext = try AES.GCM.open(box, using: key)
            case .chaCha20Poly1305:
                let nonce = try withNonce(index: index, isFinal: isFinal) { try ChaChaPoly.Nonce(data: $0) }
                let box = try ChaChaPoly.SealedBox(nonce: nonce, ciphertext: body, tag: tag)
                plaintext = try ChaChaPoly.open(box, using: key)
            }
        } catch {
            return false
        }
        try plaintext.withUnsafeBytes { try emit($0) }
        return true
    }
}
