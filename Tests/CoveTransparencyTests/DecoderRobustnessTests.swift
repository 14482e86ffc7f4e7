import CoveTransparency
import MLSCodec
import Testing

/// Every strict decoder rejects every truncation and extension of a valid encoding with
/// `kt.malformed_encoding` (never a trap), and a state file whose checkpoint was altered
/// fails signature re-verification.
struct DecoderRobustnessTests {
    @Test func truncationsAndExtensionsAreRejected() async throws {
        let signer = try LogSigner()
        let origin = Array("cove.test/kt/v1".utf8)
        var log = try MerkleLog(storage: InMemoryLogStorage())
        for i in 0..<5 { try log.append(deviceEntry(user: "u", device: "d\(i)", key: UInt8(i))) }
        let entry = try LogEntry.decode(try log.entries(start: 0, end: 1)[0])
        let head = try log.checkpoint(origin: origin, timestamp: 1, signer: signer)
        var state = AuditorState(origin: origin, publicKey: signer.publicKey)
        _ = try await Auditor.audit(state: &state, source: FakeSource(head: head, stored: try log.entries(start: 0, end: 5)))

        let decoders: [([UInt8], ([UInt8]) throws -> Void)] = [
            (entry.leafInput, { _ = try LogEntry.decode($0) }),
            (head.mlsEncoded, { _ = try SignedCheckpoint.decode($0) }),
            (state.mlsEncoded, { _ = try AuditorState.decode($0) }),
        ]
        for (bytes, decode) in decoders {
            try decode(bytes)
            for cut in 0..<bytes.count {
                #expect(expectCode(.malformedEncoding) { try decode(Array(bytes[..<cut])) }, "cut at \(cut)")
            }
            #expect(expectCode(.malformedEncoding) { try decode(bytes + [0]) })
        }

        // Flip a bit of the stored checkpoint's root inside the state file.
        var tampered = state.mlsEncoded
        let rootOffset = tampered.count - 66 - 8 - 32
        tampered[rootOffset] ^= 1
        #expect(expectCode(.badSignature) { _ = try AuditorState.decode(tampered) })
    }
}
