import CoveTransparency
import Testing

struct VerifierTests {
    static let origin = Array("cove.test/kt/v1".utf8)

    @Test func followsAnAppendOnlyLogAndVerifiesInclusion() throws {
        let signer = try LogSigner()
        var log = try MerkleLog(storage: InMemoryLogStorage())
        var verifier = try LogVerifier(publicKey: signer.publicKey, origin: Self.origin)
        var entries: [LogEntry] = []
        var previousSize: UInt64 = 0
        for round in 0..<5 {
            for d in 0..<(round * 3 + 1) {
                let entry = deviceEntry(user: "u\(round)", device: "d\(d)", key: UInt8(d))
                try log.append(entry)
                entries.append(entry)
            }
            let head = try log.checkpoint(origin: Self.origin, timestamp: UInt64(round), signer: signer)
            let proof = verifier.latest == nil ? [] : try log.consistencyProof(oldSize: previousSize, newSize: log.size)
            try verifier.verify(head, consistencyProof: proof)
            #expect(verifier.latest == head)
            previousSize = log.size
        }
        let head = try #require(verifier.latest)
        for (i, entry) in entries.enumerated() {
            let proof = try log.inclusionProof(index: UInt64(i), treeSize: head.checkpoint.size)
            try verifier.verifyInclusion(entry, index: UInt64(i), proof: proof, checkpoint: head)
        }
        // A key that is not in the log (the sender's client must refuse it).
        let ghost = deviceEntry(user: "u1", device: "ghost", key: 0xEE)
        let proof = try log.inclusionProof(index: 2, treeSize: head.checkpoint.size)
        #expect(expectCode(.inclusionRootMismatch) { try verifier.verifyInclusion(ghost, index: 2, proof: proof, checkpoint: head) })
    }

    @Test func refusesRollbackBadSignatureAndRewrite() throws {
        let signer = try LogSigner()
        let (log, entries) = try makeLog(count: 10)
        var verifier = try LogVerifier(publicKey: signer.publicKey, origin: Self.origin)
        try verifier.verify(try log.checkpoint(origin: Self.origin, timestamp: 1, signer: signer), consistencyProof: [])
        let before = verifier

        // Smaller size.
        let (small, _) = try makeLog(count: 4)
        let smallHead = try small.checkpoint(origin: Self.origin, timestamp: 2, signer: signer)
        #expect(expectCode(.checkpointRollback) { try verifier.verify(smallHead, consistencyProof: []) })

        // Bad signature (another key).
        let forged = try log.checkpoint(origin: Self.origin, timestamp: 2, signer: try LogSigner())
        #expect(expectCode(.badSignature) { try verifier.verify(forged, consistencyProof: []) })

        // Rewritten history: entry 3 replaced, then grown to 14.
        var rewritten = try MerkleLog(storage: InMemoryLogStorage())
        for (i, e) in entries.enumerated() { try rewritten.append(entry: i == 3 ? Array("ghost".utf8) : e) }
        for i in 10..<14 { try rewritten.append(entry: Array("entry \(i)".utf8)) }
        let rewrittenHead = try rewritten.checkpoint(origin: Self.origin, timestamp: 3, signer: signer)
        let proof = try rewritten.consistencyProof(oldSize: 10, newSize: 14)
        #expect(expectCode(.inconsistentLog) { try verifier.verify(rewrittenHead, consistencyProof: proof) })
        #expect(verifier == before)  // nothing changed on failure
    }

    @Test func splitViewDetectedByGossip() throws {
        let signer = try LogSigner()
        let (honest, _) = try makeLog(count: 6)
        var forked = try MerkleLog(storage: InMemoryLogStorage())
        for i in 0..<5 { try forked.append(entry: Array("entry \(i)".utf8)) }
        try forked.append(entry: Array("ghost device".utf8))
        let a = try honest.checkpoint(origin: Self.origin, timestamp: 1, signer: signer)
        let b = try forked.checkpoint(origin: Self.origin, timestamp: 1, signer: signer)

        var alice = try LogVerifier(publicKey: signer.publicKey, origin: Self.origin)
        try alice.verify(a, consistencyProof: [])
        do {
            try alice.compare(with: b)
            Issue.record("split view not detected")
        } catch {
            #expect(error.code == .splitView)
            #expect(error.evidence == SplitViewEvidence(first: a, second: b))
        }
        // The same client shown both heads directly.
        #expect(expectCode(.splitView) { try alice.verify(b, consistencyProof: []) })
        // Different sizes: the fork cannot be proven consistent with alice's head.
        try forked.append(entry: Array("more".utf8))
        let c = try forked.checkpoint(origin: Self.origin, timestamp: 2, signer: signer)
        let proof = try forked.consistencyProof(oldSize: 6, newSize: 7)
        #expect(expectCode(.splitView) { try alice.compare(with: c, consistencyProof: proof) })
        // Honest growth compares fine.
        var grown = honest
        try grown.append(entry: Array("entry 6".utf8))
        let d = try grown.checkpoint(origin: Self.origin, timestamp: 2, signer: signer)
        try alice.compare(with: d, consistencyProof: try grown.consistencyProof(oldSize: 6, newSize: 7))
    }

    @Test func monitoringFlagsGhostDevice() throws {
        var log = try MerkleLog(storage: InMemoryLogStorage())
        let phone = deviceEntry(user: "alice", device: "phone", key: 1)
        let laptop = deviceEntry(user: "alice", device: "laptop", key: 2)
        let bob = deviceEntry(user: "bob", device: "phone", key: 3)
        let ghost = deviceEntry(user: "alice", device: "laptop", key: 0x66)  // same id, server's key
        for e in [phone, bob, laptop, ghost] { try log.append(e) }
        let stored = try log.entries(start: 0, end: log.size).enumerated().map {
            (index: UInt64($0.offset), entry: try LogEntry.decode($0.element))
        }
        let linked: Set<DeviceMonitor.LinkedDevice> = [
            .init(deviceID: phone.deviceID, signatureKey: phone.signatureKey),
            .init(deviceID: laptop.deviceID, signatureKey: laptop.signatureKey),
        ]
        let alerts = DeviceMonitor.check(entries: stored, userID: Array("alice".utf8), linked: linked)
        #expect(alerts.count == 1)
        #expect(alerts.first?.code == .unlinkedDevice)
        #expect(alerts.first?.index == 3)
        #expect(alerts.first?.entry == ghost)
        #expect(DeviceMonitor.check(entries: Array(stored.prefix(3)), userID: Array("alice".utf8), linked: linked).isEmpty)
    }
}
