import CoveProtocol
import Crypto
import MLS

/// This device: its account, directory id and Ed25519 signature key (the key it authenticates
/// with and the one every leaf and KeyPackage of it carries).
struct DeviceIdentity: Sendable {
    let username: String
    let deviceId: String
    let privateKey: Curve25519.Signing.PrivateKey

    var publicKey: [UInt8] { Array(privateKey.publicKey.rawRepresentation) }
    var credential: DeviceCredential { DeviceCredential(username: username, deviceId: deviceId) }

    /// Cove's one cipher suite for new groups (X-Wing, AES-128-GCM, SHA-256, Ed25519).
    static let suite = CipherSuite.mls128XWingAES128GCMSHA256Ed25519

    static func provider() throws -> any CipherSuiteProvider {
        try SwiftCryptoProvider().provider(for: suite)
    }

    /// The MLS signing identity: BasicCredential `username/deviceId` and this key.
    func signingIdentity() throws -> SigningIdentity {
        try SigningIdentity(credential: .basic(identity: credential.identity),
                            signaturePrivateKey: SecretBytes(privateKey.rawRepresentation), provider: Self.provider())
    }

    /// Signs an authentication challenge.
    func signChallenge(nonce: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: AuthChallenge.signedBytes(deviceId: deviceId, nonce: nonce)))
    }
}
