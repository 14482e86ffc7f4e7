import CoveProtocol
import Crypto
import Foundation
import MLS
import NIOHTTP1

/// One simulated client: an account with one device, logged in, with an MLS signing identity
/// whose BasicCredential is the device's `username/deviceId` and whose key is the device's
/// Ed25519 key from the directory (DESIGN's DeviceCredential), and the KeyPackages it published.
struct BenchDevice: Sendable {
    let index: Int
    let username: String
    let deviceId: String
    let token: String
    let signer: SigningIdentity
    /// Private parts of the KeyPackages this device uploaded; a Welcome names one of them.
    let keyPackages: [KeyPackageBundle]

    /// Registers `username`, logs in by signing the server's challenge, and uploads
    /// `keyPackageCount` one-time KeyPackages made with the device's key.
    static func register(api: APIClient, index: Int, username: String, keyPackageCount: Int, mls: MLSContext) async throws -> BenchDevice {
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = Base64Bytes(Array(key.publicKey.rawRepresentation))
        let registered = try await api.call(.POST, "/v1/accounts", body: RegisterRequest(
            username: username, device: NewDevice(name: "bench", signatureKey: publicKey)), expect: 201, as: RegisterResponse.self)
        let challenge = try await api.call(.POST, "/v1/auth/challenge", body: ChallengeRequest(deviceId: registered.deviceId),
                                           as: ChallengeResponse.self)
        let signature = try key.signature(for: AuthChallenge.signedBytes(deviceId: registered.deviceId, nonce: challenge.nonce.bytes))
        let token = try await api.call(.POST, "/v1/auth/token", body: TokenRequest(
            deviceId: registered.deviceId, challengeId: challenge.challengeId, signature: Base64Bytes(Array(signature))),
            as: TokenResponse.self).token

        let credential = DeviceCredential(username: username, deviceId: registered.deviceId)
        let signer = try SigningIdentity(credential: .basic(identity: credential.identity),
                                         signaturePrivateKey: SecretBytes(key.rawRepresentation), provider: mls.provider)
        var bundles: [KeyPackageBundle] = []
        let now = mls.configuration.clock()
        for _ in 0..<keyPackageCount {
            bundles.append(try KeyPackageBundle.create(cipherSuite: mls.suite, signingIdentity: signer,
                                                       lifetime: Lifetime(notBefore: now - 3600, notAfter: now + 30 * 24 * 3600),
                                                       crypto: mls.crypto))
        }
        for start in stride(from: 0, to: bundles.count, by: 100) {
            let chunk = bundles[start..<min(start + 100, bundles.count)]
            let upload = UploadKeyPackagesRequest(keyPackages: chunk.map { Base64Bytes(MLSMessage(body: .keyPackage($0.keyPackage)).mlsEncoded) })
            _ = try await api.call(.POST, "/v1/key-packages", body: upload, token: token, as: KeyPackageCount.self)
        }
        return BenchDevice(index: index, username: username, deviceId: registered.deviceId, token: token, signer: signer, keyPackages: bundles)
    }
}

/// The MLS settings every simulated client shares: DESIGN's cipher suite for new groups (0xF001,
/// X-Wing) through swift-crypto.
struct MLSContext: Sendable {
    let crypto: SwiftCryptoProvider
    let suite: CipherSuite
    let provider: any CipherSuiteProvider
    let configuration: MLSGroupConfiguration

    init(suite: CipherSuite = .mls128XWingAES128GCMSHA256Ed25519) throws {
        crypto = SwiftCryptoProvider()
        self.suite = suite
        provider = try crypto.provider(for: suite)
        // A wide out-of-order window: a receiver that decrypts sees many senders' messages interleaved.
        configuration = MLSGroupConfiguration(crypto: crypto, clock: { UInt64(Date().timeIntervalSince1970) },
                                              maxForwardGeneration: 100_000, maxRetainedGenerations: 4096)
    }
}
