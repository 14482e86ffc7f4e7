import Foundation
import MLSCrypto
@testable import MLSSwiftCrypto
import MLSTestSupport
import Testing

/// RFC 9180 Appendix A, base mode, for every KEM/KDF/AEAD combination Cove implements that the
/// published vector file covers (DHKEM X25519, P-256, P-521; HKDF-SHA256/512; AES-GCM,
/// ChaCha20-Poly1305, export-only). Extracted from the official file by
/// Resources/extract_rfc9180_vectors.py.
/// The bytes of a hex string from a vector, failing the test when absent or malformed.
func hex(_ string: String?) throws -> [UInt8] {
    struct BadHex: Error {}
    guard let string, let bytes = Hex.decode(string) else { throw BadHex() }
    return bytes
}

@Suite struct RFC9180VectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let index: Int
        let fields: [String: String]
        let kemID: UInt16, kdfID: UInt16, aeadID: UInt16
        let encryption: [String: String]
        let exports: [(context: String, length: Int, value: String)]

        var testDescription: String {
            "#\(index) kem 0x\(String(kemID, radix: 16)) kdf \(kdfID) aead 0x\(String(aeadID, radix: 16))"
        }

        func bytes(_ key: String) throws -> [UInt8] { try hex(fields[key]) }
        func secret(_ key: String) throws -> SecretBytes { SecretBytes(try bytes(key)) }
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "rfc9180-base-vectors", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let list = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { return [] }
        return list.enumerated().map { index, e in
            var fields = [String: String]()
            for (k, v) in e { if let s = v as? String { fields[k] = s } }
            let encryption = ((e["encryptions"] as? [[String: String]]) ?? []).first ?? [:]
            let exports = ((e["exports"] as? [[String: Any]]) ?? []).map {
                (context: $0["exporter_context"] as? String ?? "", length: ($0["L"] as? Int) ?? -1, value: $0["exported_value"] as? String ?? "")
            }
            return Vector(index: index, fields: fields, kemID: UInt16(e["kem_id"] as? Int ?? 0),
                          kdfID: UInt16(e["kdf_id"] as? Int ?? 0), aeadID: UInt16(e["aead_id"] as? Int ?? 0),
                          encryption: encryption, exports: exports)
        }
    }()

    @Test("the vector file loads and covers every implemented DH KEM it can")
    func coverage() {
        #expect(Self.vectors.count == 24)
        #expect(Set(Self.vectors.map(\.kemID)) == [0x10, 0x12, 0x20])
        #expect(Set(Self.vectors.map(\.aeadID)) == [1, 2, 3, 0xffff])
    }

    func hpke(_ v: Vector) throws -> HPKE {
        HPKE(kem: try #require(KEMAlgorithm(id: v.kemID)), kdf: try #require(HashAlgorithm(hpkeID: v.kdfID)),
             aead: try #require(AEADAlgorithm(id: v.aeadID)))
    }

    @Test("DeriveKeyPair(ikmR), DeriveKeyPair(ikmE)", arguments: vectors)
    func deriveKeyPair(_ v: Vector) throws {
        let kem = try hpke(v).kem
        let r = try kem.deriveKeyPair(ikm: try v.secret("ikmR"))
        #expect(r.privateKey == (try v.secret("skRm")))
        #expect(r.publicKey == (try v.bytes("pkRm")))
        let e = try kem.deriveKeyPair(ikm: try v.secret("ikmE"))
        #expect(e.privateKey == (try v.secret("skEm")))
        #expect(e.publicKey == (try v.bytes("pkEm")))
        #expect(try kem.publicKey(privateKey: try v.secret("skRm")) == (try v.bytes("pkRm")))
    }

    @Test("Encap with the ephemeral from ikmE, Decap, KeySchedule, first Seal/Open, exports", arguments: vectors)
    func encapAndKeySchedule(_ v: Vector) throws {
        let suite = try hpke(v)
        let info = try v.bytes("info")
        let (sharedSecret, enc) = try suite.kem.encap(publicKey: try v.bytes("pkRm"), ephemeralIKM: try v.secret("ikmE"))
        #expect(enc == (try v.bytes("enc")))
        #expect(sharedSecret == (try v.secret("shared_secret")))
        #expect(try suite.kem.decap(enc: enc, privateKey: try v.secret("skRm")) == (try v.secret("shared_secret")))

        let sender = try suite.keySchedule(sharedSecret: sharedSecret, info: info)
        #expect(sender.key == (try v.secret("key")))
        #expect(sender.baseNonce == (try v.bytes("base_nonce")))
        #expect(sender.exporterSecret == (try v.secret("exporter_secret")))
        let receiver = try suite.setupBaseR(enc: enc, privateKey: try v.secret("skRm"), info: info)

        if v.aeadID != 0xffff {
            let aad = try hex(v.encryption["aad"])
            let pt = try hex(v.encryption["pt"])
            let ct = try hex(v.encryption["ct"])
            #expect(try hex(v.encryption["nonce"]) == sender.baseNonce)
            #expect(try sender.seal(aad: aad, plaintext: pt) == ct)
            #expect(try receiver.open(aad: aad, ciphertext: ct) == pt)
            // The single-shot API with the same deterministic ephemeral gives the same bytes.
            let single = try suite.sealBase(publicKey: try v.bytes("pkRm"), info: info, aad: aad, plaintext: pt, ephemeralIKM: try v.secret("ikmE"))
            #expect(single == HPKECiphertext(kemOutput: try v.bytes("enc"), ciphertext: ct))
            #expect(try suite.openBase(single, privateKey: try v.secret("skRm"), info: info, aad: aad) == pt)
        }

        #expect(v.exports.count == 3)
        for export in v.exports {
            let context = try hex(export.context)
            let expected = SecretBytes(try hex(export.value))
            #expect(try sender.export(exporterContext: context, length: export.length) == expected)
            #expect(try receiver.export(exporterContext: context, length: export.length) == expected)
        }
    }
}
