import MLSCodec
import MLSCrypto

// struct {
//   KeyPackageRef new_member;
//   HPKECiphertext encrypted_group_secrets;
// } EncryptedGroupSecrets;
/// GroupSecrets encrypted to one new member's init key (RFC 9420 §12.4.3.1).
public struct EncryptedGroupSecrets: Hashable, Sendable {
    /// The `KeyPackageRef` of the new member's key package.
    public var newMember: [UInt8]
    public var encryptedGroupSecrets: HPKECiphertext

    public init(newMember: [UInt8], encryptedGroupSecrets: HPKECiphertext) {
        self.newMember = newMember
        self.encryptedGroupSecrets = encryptedGroupSecrets
    }
}

extension EncryptedGroupSecrets: MLSCodable {
    public func encode(to writer: inout MLSWriter) {
        writer.writeOpaque(newMember)
        writer.write(encryptedGroupSecrets)
    }

    public init(from reader: inout MLSReader) throws(CodecError) {
        newMember = try reader.readOpaque(maxLength: WireLimits.key)
        encryptedGroupSecrets = try reader.read()
    }
}
