import MLSCodec
import MLSCrypto

// struct {
//   CipherSuite cipher_suite;
//   EncryptedGroupSecrets secrets<V>;
//   opaque encrypted_group_info<V>;
// } Welcome;
/// Invites new members: their secrets, and the GroupInfo encrypted under the welcome key
/// (RFC 9420 §12.4.3.1).
public struct Welcome: Hashable, Sendable {
    /// The group's cipher suite.
    public var cipherSuite: CipherSuite
    /// One entry per new member, addressed by KeyPackageRef.
    public var secrets: [EncryptedGroupSecrets]
    /// The GroupInfo, AEAD-encrypted under the welcome key and nonce.
    public var encryptedGroupInfo: [UInt8]

    public init(cipherSuite: CipherSuite, secrets: [EncryptedGroupSecrets], encryptedGroupInfo: [UInt8]) {
        self.cipherSuite = cipherSuite
        self.secrets = secrets
        self.encryptedGroupInfo = encryptedGroupInfo
    }

    /// The secrets addressed to the key package with reference `reference`, if any.
    public func secrets(for reference: [UInt8]) -> EncryptedGroupSecrets? {
        secrets.first { $0.newMember == reference }
    }
}

extension Welcome: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.write(cipherSuite)
        writer.writeVector(secrets)
        writer.writeOpaque(encryptedGroupInfo)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        cipherSuite = try reader.read()
        secrets = try reader.readVector(maxLength: WireLimits.message)
        encryptedGroupInfo = try reader.readOpaque(maxLength: WireLimits.tree)
    }
}
