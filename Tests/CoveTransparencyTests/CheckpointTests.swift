import CoveTransparency
import MLSCodec
import Testing

struct CheckpointTests {
    static let origin = Array("cove.test/kt/v1".utf8)

    @Test func signVerifyAndEncodingRoundTrip() throws {
        let signer = try LogSigner()
        let (log, _) = try makeLog(count: 10)
        let signed = try log.checkpoint(origin: Self.origin, timestamp: 1_700_000_000_000, signer: signer)
        try signer.publicKey.verify(signed, origin: Self.origin)
        let decoded = try SignedCheckpoint.decode(signed.mlsEncoded)
        #expect(decoded == signed)
        // version(1) + origin(1+15) + size(8) + root(32) + timestamp(8) + sig(2-byte varint + 64)
        #expect(signed.mlsEncoded.count == 1 + 16 + 8 + 32 + 8 + 66)
    }

    @Test func badSignatureAndWrongKey() throws {
        let signer = try LogSigner()
        let other = try LogSigner()
        let (log, _) = try makeLog(count: 3)
        let signed = try log.checkpoint(origin: Self.origin, timestamp: 5, signer: signer)
        var tampered = signed
        tampered.checkpoint.size = 4
        #expect(expectCode(.badSignature) { try signer.publicKey.verify(tampered) })
        var flipped = signed
        flipped.signature[10] ^= 1
        #expect(expectCode(.badSignature) { try signer.publicKey.verify(flipped) })
        #expect(expectCode(.badSignature) { try other.publicKey.verify(signed) })
        #expect(expectCode(.wrongOrigin) { try signer.publicKey.verify(signed, origin: Array("evil".utf8)) })
    }

    @Test func strictDecoding() throws {
        let signer = try LogSigner()
        let signed = try signer.sign(Checkpoint(origin: Self.origin, size: 1, rootHash: [UInt8](repeating: 7, count: 32), timestamp: 9))
        let bytes = signed.mlsEncoded
        #expect(expectCode(.malformedEncoding) { _ = try SignedCheckpoint.decode(bytes + [0]) })
        #expect(expectCode(.malformedEncoding) { _ = try SignedCheckpoint.decode(Array(bytes.dropLast())) })
        var badVersion = bytes
        badVersion[0] = 2
        #expect(expectCode(.malformedEncoding) { _ = try SignedCheckpoint.decode(badVersion) })
    }

    @Test func logKeyFingerprintAndRestore() throws {
        let signer = try LogSigner()
        let restored = try LogSigner(privateKey: signer.privateKeyBytes)
        #expect(restored.publicKey == signer.publicKey)
        let fingerprint = signer.publicKey.fingerprint
        #expect(fingerprint.count == 8 * 4 + 7)
        #expect(fingerprint != (try LogSigner()).publicKey.fingerprint)
        #expect(expectCode(.invalidKey) { _ = try LogPublicKey(rawRepresentation: [1, 2, 3]) })
    }

    @Test func logEntryEncoding() throws {
        let entry = deviceEntry(user: "alice", device: "phone", key: 0xAB, event: .deviceRevoked, time: 42)
        #expect(try LogEntry.decode(entry.leafInput) == entry)
        var bad = entry.leafInput
        bad[1] = 3  // unknown event
        #expect(expectCode(.malformedEncoding) { _ = try LogEntry.decode(bad) })
        #expect(expectCode(.malformedEncoding) { _ = try LogEntry.decode(entry.leafInput + [0]) })
        let empty = LogEntry(event: .deviceAdded, userID: [], deviceID: [1], signatureKey: [1], timestamp: 0)
        #expect(expectCode(.malformedEncoding) { _ = try LogEntry.decode(empty.leafInput) })
    }
}
