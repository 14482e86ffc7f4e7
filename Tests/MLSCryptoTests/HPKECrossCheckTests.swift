import Crypto
import Foundation
import MLSCrypto
import MLSSwiftCrypto
import Testing

/// Interoperates our HPKE with swift-crypto's independent HPKE implementation in both
/// directions, for every supported suite. This is the only HPKE check for DHKEM(P-384) and
/// X-Wing, which RFC 9180's published vectors do not cover.
@Suite struct HPKECrossCheckTests {
    /// swift-crypto's sender and recipient for one suite's KEM, on raw key bytes.
    struct Reference {
        let ciphersuite: HPKE.Ciphersuite

        init(_ suite: CipherSuite) throws {
            let p = try #require(suite.parameters)
            let kem: HPKE.KEM = switch p.kemID {
            case 0x0010: .P256_HKDF_SHA256
            case 0x0011: .P384_HKDF_SHA384
            case 0x0012: .P521_HKDF_SHA512
            case 0x0020: .Curve25519_HKDF_SHA256
            default: .XWingMLKEM768X25519
            }
            let kdf: HPKE.KDF = switch p.kdfID { case 1: .HKDF_SHA256; case 2: .HKDF_SHA384; default: .HKDF_SHA512 }
            let aead: HPKE.AEAD = switch p.aeadID { case 1: .AES_GCM_128; case 2: .AES_GCM_256; default: .chaChaPoly }
            ciphersuite = HPKE.Ciphersuite(kem: kem, kdf: kdf, aead: aead)
        }

        func sender(publicKey: [UInt8], info: [UInt8]) throws -> HPKE.Sender {
            let info = Data(info)
            switch ciphersuite.kem {
            case .P256_HKDF_SHA256: return try HPKE.Sender(recipientKey: P256.KeyAgreement.PublicKey(x963Representation: publicKey), ciphersuite: ciphersuite, info: info)
            case .P384_HKDF_SHA384: return try HPKE.Sender(recipientKey: P384.KeyAgreement.PublicKey(x963Representation: publicKey), ciphersuite: ciphersuite, info: info)
            case .P521_HKDF_SHA512: return try HPKE.Sender(recipientKey: P521.KeyAgreement.PublicKey(x963Representation: publicKey), ciphersuite: ciphersuite, info: info)
            case .Curve25519_HKDF_SHA256: return try HPKE.Sender(recipientKey: Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey), ciphersuite: ciphersuite, info: info)
            default: return try HPKE.Sender(recipientKey: XWingMLKEM768X25519.PublicKey(rawRepresentation: publicKey), ciphersuite: ciphersuite, info: info)
            }
        }

        func recipient(privateKey: SecretBytes, info: [UInt8], enc: [UInt8]) throws -> HPKE.Recipient {
            let (info, enc, sk) = (Data(info), Data(enc), privateKey.exposedBytes)
            switch ciphersuite.kem {
            case .P256_HKDF_SHA256: return try HPKE.Recipient(privateKey: P256.KeyAgreement.PrivateKey(rawRepresentation: sk), ciphersuite: ciphersuite, info: info, encapsulatedKey: enc)
            case .P384_HKDF_SHA384: return try HPKE.Recipient(privateKey: P384.KeyAgreement.PrivateKey(rawRepresentation: sk), ciphersuite: ciphersuite, info: info, encapsulatedKey: enc)
            case .P521_HKDF_SHA512: return try HPKE.Recipient(privateKey: P521.KeyAgreement.PrivateKey(rawRepresentation: sk), ciphersuite: ciphersuite, info: info, encapsulatedKey: enc)
            case .Curve25519_HKDF_SHA256: return try HPKE.Recipient(privateKey: Curve25519.KeyAgreement.PrivateKey(rawRepresentation: sk), ciphersuite: ciphersuite, info: info, encapsulatedKey: enc)
            default: return try HPKE.Recipient(privateKey: XWingMLKEM768X25519.PrivateKey(seedRepresentation: sk, publicKey: nil), ciphersuite: ciphersuite, info: info, encapsulatedKey: enc)
            }
        }
    }

    static let suites = SwiftCryptoProvider().supportedSuites
    let info = Array("cross-check info".utf8), aad = Array("aad".utf8), plaintext = Array("a GroupSecrets stand-in".utf8)

    @Test("swift-crypto seals, we open; and its exporter matches ours", arguments: suites)
    func theySealWeOpen(suite: CipherSuite) throws {
        let p = try SwiftCryptoProvider().provider(for: suite)
        let reference = try Reference(suite)
        let pair = try p.deriveKEMKeyPair(ikm: SecretBytes(Array("recipient".utf8)))
        var sender = try reference.sender(publicKey: pair.publicKey, info: info)
        let ct = try sender.seal(plaintext, authenticating: aad)
        let enc = Array(sender.encapsulatedKey)
        let opened = try p.hpkeOpen(HPKECiphertext(kemOutput: enc, ciphertext: Array(ct)), privateKey: pair.privateKey, info: info, aad: aad)
        #expect(opened == plaintext)
        let theirs = try sender.exportSecret(context: Data([1, 2, 3]), outputByteCount: 42).withUnsafeBytes { Array($0) }
        let ours = try p.hpkeExportReceiver(kemOutput: enc, privateKey: pair.privateKey, info: info, exporterContext: [1, 2, 3], length: 42)
        #expect(ours == SecretBytes(theirs))
    }

    @Test("we seal, swift-crypto opens; and our sender exporter matches its recipient", arguments: suites)
    func weSealTheyOpen(suite: CipherSuite) throws {
        let p = try SwiftCryptoProvider().provider(for: suite)
        let reference = try Reference(suite)
        let pair = try p.generateKEMKeyPair()
        let sealed = try p.hpkeSeal(publicKey: pair.publicKey, info: info, aad: aad, plaintext: plaintext)
        var recipient = try reference.recipient(privateKey: pair.privateKey, info: info, enc: sealed.kemOutput)
        #expect(Array(try recipient.open(sealed.ciphertext, authenticating: aad)) == plaintext)

        let (enc, ours) = try p.hpkeExportSender(publicKey: pair.publicKey, info: info, exporterContext: [9], length: 32)
        let theirs = try reference.recipient(privateKey: pair.privateKey, info: info, enc: enc)
            .exportSecret(context: Data([9]), outputByteCount: 32).withUnsafeBytes { Array($0) }
        #expect(ours == SecretBytes(theirs))
    }
}
