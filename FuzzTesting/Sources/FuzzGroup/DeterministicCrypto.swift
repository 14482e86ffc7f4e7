import MLS
import Synchronization

/// A ``CryptoProvider`` whose randomness is a fixed stream, so that FuzzGroup builds the same
/// group (same keys, same epoch secrets, same transcript) in every run and the seed messages
/// written by `--generate-seeds` stay valid for it. FOR FUZZING ONLY: keys are predictable.
///
/// Everything is forwarded to SwiftCryptoProvider except the three sources of randomness the
/// protocol code uses: `randomBytes`, `generateKEMKeyPair` (derived from the stream with
/// `DeriveKeyPair`) and `generateSignatureKeyPair` (a seed from the stream). HPKE encryption
/// still draws its ephemeral key inside the backend; the group setup avoids it where it
/// would enter the transcript (the member-adding commit carries no UpdatePath).
final class DeterministicCrypto: CryptoProvider {
    let inner = SwiftCryptoProvider()
    let stream: Mutex<(state: [UInt8], counter: UInt64)>

    init(seed: String) {
        stream = Mutex((Array(seed.utf8), 0))
    }

    var supportedSuites: [CipherSuite] { inner.supportedSuites }

    func provider(for suite: CipherSuite) throws(CryptoError) -> any CipherSuiteProvider {
        DeterministicSuite(inner: try inner.provider(for: suite), owner: self)
    }

    /// `count` bytes of the stream: SHA-256 over (seed, counter) blocks, via the suite's hash.
    func next(_ count: Int, _ hash: (([UInt8]) -> [UInt8])) -> [UInt8] {
        stream.withLock { s in
            var out: [UInt8] = []
            while out.count < count {
                s.counter += 1
                let block = hash(s.state + withUnsafeBytes(of: s.counter.bigEndian, Array.init))
                out += block
            }
            return Array(out.prefix(count))
        }
    }
}

struct DeterministicSuite: CipherSuiteProvider {
    let inner: any CipherSuiteProvider
    let owner: DeterministicCrypto

    var suite: CipherSuite { inner.suite }
    var parameters: CipherSuite.Parameters { inner.parameters }

    func hash(_ data: [UInt8]) -> [UInt8] { inner.hash(data) }
    func extract(salt: [UInt8], ikm: SecretBytes) -> SecretBytes { inner.extract(salt: salt, ikm: ikm) }
    func expand(prk: SecretBytes, info: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        try inner.expand(prk: prk, info: info, length: length)
    }
    func mac(key: SecretBytes, data: [UInt8]) -> [UInt8] { inner.mac(key: key, data: data) }
    func seal(key: SecretBytes, nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try inner.seal(key: key, nonce: nonce, aad: aad, plaintext: plaintext)
    }
    func open(key: SecretBytes, nonce: [UInt8], aad: [UInt8], ciphertext: [UInt8]) throws(CryptoError) -> [UInt8] {
        try inner.open(key: key, nonce: nonce, aad: aad, ciphertext: ciphertext)
    }

    func generateSignatureKeyPair() throws(CryptoError) -> KeyPair {
        // Ed25519 (suite 1): the private key is a 32-byte seed.
        let seed = SecretBytes(owner.next(32, inner.hash))
        return KeyPair(privateKey: seed, publicKey: try inner.signaturePublicKey(privateKey: seed))
    }
    func signaturePublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try inner.signaturePublicKey(privateKey: privateKey)
    }
    func sign(_ message: [UInt8], privateKey: SecretBytes) throws(CryptoError) -> [UInt8] {
        try inner.sign(message, privateKey: privateKey)
    }
    func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        inner.verify(signature, message: message, publicKey: publicKey)
    }

    func generateKEMKeyPair() throws(CryptoError) -> KeyPair {
        try inner.deriveKEMKeyPair(ikm: SecretBytes(owner.next(32, inner.hash)))
    }
    func deriveKEMKeyPair(ikm: SecretBytes) throws(CryptoError) -> KeyPair { try inner.deriveKEMKeyPair(ikm: ikm) }
    func kemPublicKey(privateKey: SecretBytes) throws(CryptoError) -> [UInt8] { try inner.kemPublicKey(privateKey: privateKey) }
    func hpkeSeal(publicKey: [UInt8], info: [UInt8], aad: [UInt8], plaintext: [UInt8]) throws(CryptoError) -> HPKECiphertext {
        try inner.hpkeSeal(publicKey: publicKey, info: info, aad: aad, plaintext: plaintext)
    }
    func hpkeOpen(_ ciphertext: HPKECiphertext, privateKey: SecretBytes, info: [UInt8], aad: [UInt8]) throws(CryptoError) -> [UInt8] {
        try inner.hpkeOpen(ciphertext, privateKey: privateKey, info: info, aad: aad)
    }
    func hpkeExportSender(publicKey: [UInt8], info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> (kemOutput: [UInt8], secret: SecretBytes) {
        try inner.hpkeExportSender(publicKey: publicKey, info: info, exporterContext: exporterContext, length: length)
    }
    func hpkeExportReceiver(kemOutput: [UInt8], privateKey: SecretBytes, info: [UInt8], exporterContext: [UInt8], length: Int) throws(CryptoError) -> SecretBytes {
        try inner.hpkeExportReceiver(kemOutput: kemOutput, privateKey: privateKey, info: info, exporterContext: exporterContext, length: length)
    }

    func randomBytes(_ count: Int) -> SecretBytes { SecretBytes(owner.next(count, inner.hash)) }
}
