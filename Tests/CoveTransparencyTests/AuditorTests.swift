import CoveTransparency
import MLSCodec
import Testing

/// A log server test double: serves a fixed head and entries (possibly lying).
struct FakeSource: AuditLogSource {
    let head: SignedCheckpoint
    let stored: [[UInt8]]
    var pageLimit = 7

    func latestCheckpoint() async throws(TransparencyError) -> SignedCheckpoint { head }

    func entries(start: UInt64, end: UInt64) async throws(TransparencyError) -> [[UInt8]] {
        guard start <= end, end <= UInt64(stored.count) else { throw TransparencyError(.indexOutOfRange) }
        return Array(stored[Int(start)..<Int(min(end, start + UInt64(pageLimit)))])
    }
}

struct AuditorTests {
    static let origin = Array("cove.test/kt/v1".utf8)

    static func deviceLog(_ count: Int, ghostAt: Int? = nil) throws -> MerkleLog<InMemoryLogStorage> {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        for i in 0..<count {
            try log.append(deviceEntry(user: "u\(i % 5)", device: i == ghostAt ? "ghost" : "d\(i)", key: UInt8(i & 0xff)))
        }
        return log
    }

    static func source(_ log: MerkleLog<InMemoryLogStorage>, _ signer: LogSigner, time: UInt64 = 1) throws -> FakeSource {
        FakeSource(head: try log.checkpoint(origin: origin, timestamp: time, signer: signer),
                   stored: try log.entries(start: 0, end: log.size))
    }

    @Test func incrementalAuditAndStateRoundTrip() async throws {
        let signer = try LogSigner()
        var state = AuditorState(origin: Self.origin, publicKey: signer.publicKey)
        let report1 = try await Auditor.audit(state: &state, source: try Self.source(try Self.deviceLog(23), signer))
        #expect(report1.entriesChecked == 23)
        let saved = state.mlsEncoded
        var restored = try AuditorState.decode(saved)
        #expect(restored == state)
        let report2 = try await Auditor.audit(state: &restored, source: try Self.source(try Self.deviceLog(50), signer, time: 2))
        #expect(report2.oldSize == 23 && report2.newSize == 50 && report2.entriesChecked == 27)
        #expect(restored.rootHash == (try Self.deviceLog(50)).rootHash)
        #expect(restored.checkpoints.count == 2)
        #expect(expectCode(.malformedEncoding) { _ = try AuditorState.decode(saved + [0]) })
    }

    @Test func auditorDetectsRewriteRollbackAndBadSignature() async throws {
        let signer = try LogSigner()
        var state = AuditorState(origin: Self.origin, publicKey: signer.publicKey)
        _ = try await Auditor.audit(state: &state, source: try Self.source(try Self.deviceLog(20), signer))
        let before = state

        // Rewritten: entry 4 replaced, log grown; the new entries alone do not match.
        let rewritten = try Self.source(try Self.deviceLog(30, ghostAt: 4), signer, time: 2)
        await #expect(throws: TransparencyError(.rootMismatch, "recomputed root differs at size 30")) {
            try await Auditor.audit(state: &state, source: rewritten)
        }
        #expect(state == before)

        let rollback = try Self.source(try Self.deviceLog(10), signer, time: 3)
        await #expect(throws: TransparencyError(.checkpointRollback, "log size 10 < audited 20")) {
            try await Auditor.audit(state: &state, source: rollback)
        }

        var forged = try Self.source(try Self.deviceLog(25), signer, time: 4)
        forged = FakeSource(head: try Self.deviceLog(25).checkpoint(origin: Self.origin, timestamp: 4, signer: try LogSigner()),
                            stored: forged.stored)
        let forgedSource = forged
        await #expect(throws: TransparencyError(.badSignature, "checkpoint size 25")) {
            try await Auditor.audit(state: &state, source: forgedSource)
        }

        // An entry that is not a LogEntry.
        var junk = try MerkleLog(storage: InMemoryLogStorage())
        for e in try Self.deviceLog(20).entries(start: 0, end: 20) { try junk.append(entry: e) }
        try junk.append(entry: [0xFF])
        let junkSource = try Self.source(junk, signer, time: 5)
        await #expect(throws: TransparencyError(.malformedEncoding, "entry 20")) {
            try await Auditor.audit(state: &state, source: junkSource)
        }
        #expect(state == before)
    }

    @Test func auditorsGossipDetectsSplitView() async throws {
        let signer = try LogSigner()
        var a = AuditorState(origin: Self.origin, publicKey: signer.publicKey)
        var b = AuditorState(origin: Self.origin, publicKey: signer.publicKey)
        _ = try await Auditor.audit(state: &a, source: try Self.source(try Self.deviceLog(12), signer))
        _ = try await Auditor.audit(state: &b, source: try Self.source(try Self.deviceLog(12, ghostAt: 7), signer))
        let decodedB = try AuditorState.decode(b.mlsEncoded)
        do {
            try a.compare(with: decodedB)
            Issue.record("split view not detected")
        } catch {
            #expect(error.code == .splitView)
            #expect(error.evidence?.first == a.checkpoints.last)
            #expect(error.evidence?.second == b.checkpoints.last)
        }
        // Same honest view compares clean.
        var c = AuditorState(origin: Self.origin, publicKey: signer.publicKey)
        _ = try await Auditor.audit(state: &c, source: try Self.source(try Self.deviceLog(12), signer, time: 1))
        #expect(try a.compare(with: c) == 1)

        // Gossiped checkpoint (a client's view) checked during the next audit run.
        let clientView = try Self.deviceLog(15, ghostAt: 13).checkpoint(origin: Self.origin, timestamp: 9, signer: signer)
        let next = try Self.source(try Self.deviceLog(20), signer, time: 10)
        await #expect(throws: TransparencyError.self) {
            try await Auditor.audit(state: &a, source: next, gossip: [clientView])
        }
        do {
            _ = try await Auditor.audit(state: &a, source: next, gossip: [clientView])
        } catch {
            #expect(error.code == .splitView)
            #expect(error.evidence?.first == clientView)
        }
        let honestView = try Self.deviceLog(15).checkpoint(origin: Self.origin, timestamp: 9, signer: signer)
        let report = try await Auditor.audit(state: &a, source: next, gossip: [honestView])
        #expect(report.gossipChecked == 1)
    }
}
