import CoveServer
import Testing

/// The two reads the WebSocket writer uses instead of reading its whole window with payloads:
/// the queue's seqs (oldest first, bounded) and the entries for chosen seqs.
@Suite("Storage conformance: push reads")
struct PushReadConformanceTests {
    let group: [UInt8] = Array("group-push".utf8)

    @Test("seqs oldest first and bounded; entries only for the seqs asked, still queued, of that device", arguments: Backend.allCases)
    func seqsThenEntries(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            _ = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["b1"]))
            for i in 0..<6 {
                _ = try await store.acceptMessage(message(group, from: "a1", id: "m\(i)", epoch: 1, bytes: [UInt8(i)]))
            }
            let all = try await store.pending(deviceId: "b1", afterSeq: 0, limit: 100)
            let seqs = try await store.pendingSeqs(deviceId: "b1", limit: 100)
            #expect(seqs == all.map(\.seq) && seqs.count == 7)
            // The limit changes from call to call (the window's size); each one is honoured.
            for limit in [1, 3, 2, 7, 50] {
                #expect(try await store.pendingSeqs(deviceId: "b1", limit: limit) == Array(seqs.prefix(limit)))
            }
            #expect(try await store.pendingSeqs(deviceId: "c1", limit: 10).isEmpty)
            // A sparse choice: only those, in seq order, with their payloads.
            let chosen = [seqs[5], seqs[2]]
            let entries = try await store.pending(deviceId: "b1", seqs: chosen)
            #expect(entries.map(\.seq) == [seqs[2], seqs[5]])
            #expect(entries.map(\.payload) == [all[2].payload, all[5].payload])
            #expect(try await store.pending(deviceId: "b1", seqs: []).isEmpty)
            // Another device's seqs are not readable through its own device id.
            #expect(try await store.pending(deviceId: "a2", seqs: chosen).isEmpty)
            // Acknowledged entries are gone from both reads.
            #expect(try await store.ack(deviceId: "b1", seqs: [seqs[2]]) == 1)
            #expect(try await store.pending(deviceId: "b1", seqs: chosen).map(\.seq) == [seqs[5]])
            #expect(try await store.pendingSeqs(deviceId: "b1", limit: 100) == seqs.filter { $0 != seqs[2] })
        }
    }

    @Test("an accepted submission's deliveries are exactly the queue entries it committed; duplicates carry none", arguments: Backend.allCases)
    func deliveriesMatchTheQueue(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            let add = try await store.acceptCommit(commit(group, from: "a1", id: "add", epoch: 0, welcome: [7], added: ["b1", "a2"]))
            // The creator was the only member: the commit goes to nobody, the Welcome to both joiners.
            #expect(Set(add.deliveries.map(\.deviceId)) == ["b1", "a2"])
            #expect(add.deliveries.allSatisfy { $0.entry.kind == "welcome" && $0.entry.payload == [7] && $0.entry.epoch == 1 })
            let sent = try await store.acceptMessage(message(group, from: "a1", id: "m1", epoch: 1, bytes: [4, 2]))
            #expect(Set(sent.deliveries.map(\.deviceId)) == Set(sent.recipients) && sent.deliveries.count == 2)
            for delivery in add.deliveries + sent.deliveries {
                let queued = try await store.pending(deviceId: delivery.deviceId, seqs: [delivery.entry.seq])
                #expect(queued == [delivery.entry])
            }
            let again = try await store.acceptMessage(message(group, from: "a1", id: "m1", epoch: 1, bytes: [4, 2]))
            #expect(again.duplicate && again.deliveries.isEmpty)
            let removal = try await store.acceptCommit(commit(group, from: "a1", id: "rm", epoch: 1, bytes: [5], removed: ["a2"]))
            #expect(Set(removal.deliveries.map(\.deviceId)) == ["b1", "a2"])
            #expect(removal.deliveries.allSatisfy { $0.entry.kind == "commit" && $0.entry.payload == [5] && $0.entry.messageId == removal.messageId })
        }
    }
}
