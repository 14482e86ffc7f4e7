import Foundation
import MLS
import Testing
@testable import CoveClient

@Suite struct SecurityStoreKeyTests {
    let plaintext = Array("group state: epoch 7".utf8)
    let ad = Array("group_state/abc".utf8)

    @Test func sealOpenRoundTrip() throws {
        let key = StoreKey.generate()
        let sealed = try key.seal(plaintext, associatedData: ad)
        #expect(sealed.count == plaintext.count + StoreKey.overhead)
        #expect(sealed[0] == StoreKey.version)
        #expect(try key.open(sealed, associatedData: ad) == plaintext)
        // Empty plaintext and empty associated data work too.
        #expect(try key.open(try key.seal([UInt8]())) == [])
    }

    @Test func noncesAreFresh() throws {
        let key = StoreKey.generate()
        let a = try key.seal(plaintext, associatedData: ad)
        let b = try key.seal(plaintext, associatedData: ad)
        #expect(a[1..<13] != b[1..<13])
        #expect(a != b)
    }

    @Test func wrongKeyFailsWithDecryptFailed() throws {
        let sealed = try StoreKey.generate().seal(plaintext, associatedData: ad)
        let error = #expect(throws: CoveClientError.self) {
            try StoreKey.generate().open(sealed, associatedData: ad)
        }
        #expect(error?.code == .storeDecryptFailed)
    }

    @Test func wrongAssociatedDataFails() throws {
        let key = StoreKey.generate()
        let sealed = try key.seal(plaintext, associatedData: ad)
        let error = #expect(throws: CoveClientError.self) {
            try key.open(sealed, associatedData: Array("group_state/abd".utf8))
        }
        #expect(error?.code == .storeDecryptFailed)
    }

    @Test func everyFlippedBitFails() throws {
        let key = StoreKey.generate()
        let sealed = try key.seal(plaintext, associatedData: ad)
        for index in sealed.indices {
            for bit in 0..<8 {
                var tampered = sealed
                tampered[index] ^= UInt8(1) << bit
                let error = #expect(throws: CoveClientError.self) { try key.open(tampered, associatedData: ad) }
                #expect(error?.code == .storeDecryptFailed)
            }
        }
    }

    @Test func truncatedAndExtendedFail() throws {
        let key = StoreKey.generate()
        let sealed = try key.seal(plaintext, associatedData: ad)
        for length in 0..<sealed.count {
            #expect(throws: CoveClientError.self) { try key.open(Array(sealed.prefix(length)), associatedData: ad) }
        }
        #expect(throws: CoveClientError.self) { try key.open(sealed + [0], associatedData: ad) }
    }

    @Test func errorsLeakNothing() throws {
        let key = StoreKey.generate()
        var sealed = try key.seal(plaintext, associatedData: ad)
        sealed[sealed.count - 1] ^= 1
        let error = #expect(throws: CoveClientError.self) { try key.open(sealed, associatedData: ad) }
        let text = "\(error?.message ?? "") \(error?.hint ?? "")"
        #expect(!text.contains("epoch"))
        #expect(!text.contains("group_state"))
        #expect(!text.contains("tag"))
    }

    @Test func descriptionIsRedacted() throws {
        let secret = SecretBytes((0..<32).map { UInt8($0 + 0x41) })  // "ABCD..."
        let key = try StoreKey(secret: secret)
        #expect(key.description == "StoreKey(redacted)")
        #expect(String(reflecting: key) == "StoreKey(redacted)")
        #expect(!"\(key)".contains("ABCD"))
    }

    @Test func keyMustBe32Bytes() {
        #expect(throws: CoveClientError.self) { try StoreKey(secret: SecretBytes([UInt8](repeating: 1, count: 31))) }
        #expect(throws: CoveClientError.self) { try StoreKey(secret: SecretBytes([UInt8](repeating: 1, count: 33))) }
    }

    @Test func knownKeyOpensAFixedRecord() throws {
        // A record sealed with a fixed key: the format (version, nonce, ciphertext, tag, and the
        // version byte in the associated data) stays readable. Produced by Python's
        // cryptography AESGCM: AESGCM(bytes(range(32))).encrypt(bytes(12), b"hi", b"\x01ad") with
        // b"\x01" + nonce prepended.
        let key = try StoreKey(secret: SecretBytes((0..<32).map { UInt8($0) }))
        let sealed = SecurityScryptTests.hex(SecurityStoreKeyTests.fixedRecordHex)
        #expect(try key.open(sealed, associatedData: Array("ad".utf8)) == Array("hi".utf8))
    }

    static let fixedRecordHex = "0100000000000000000000000066d5b2ff0c6d09ccbed9bb65840de7270797"
}
