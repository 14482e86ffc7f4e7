import CoveServer
import Foundation
import Testing

/// The leaf index -> device map commits are checked against, and the snapshot that carries it.
@Suite("Storage conformance: leaf map")
struct LeafMapConformanceTests {
    let group: [UInt8] = Array("group-1".utf8)

    @Test("the creator is leaf 0; leaf changes are stored atomically with their commit", arguments: Backend.allCases)
    func leafMap(_ backend: Backend) async throws {
        try await withStore(backend) { store in
            try await seedAccounts(store)
            #expect(try await store.commitContext(groupId: group) == nil)
            try await store.createGroup(id: group, creatorDevice: "a1", now: 1000)
            let start = try #require(try await store.commitContext(groupId: group))
            #expect(start == CommitContext(epoch: 0, members: ["a1"], leavesTracked: true, leaves: [0: "a1"], proposals: []))

            var add = commit(group, from: "a1", id: "add", epoch: 0, welcome: [1], added: ["b1", "c1"])
            add.leafChanges = [LeafAssignment(index: 1, deviceId: "b1"), LeafAssignment(index: 2, deviceId: "c1")]
            _ = try await store.acceptCommit(add)
            // Proposals accepted in the current epoch are part of the snapshot, in order; others not.
            var old = message(group, from: "b1", id: "p0", epoch: 0, bytes: [7])
            old.kind = "proposal"
            _ = try await store.acceptMessage(old)
            for (i, bytes) in [[UInt8(1)], [2]].enumerated() {
                var proposal = message(group, from: "b1", id: "p\(i + 1)", epoch: 1, bytes: bytes)
                proposal.kind = "proposal"
                _ = try await store.acceptMessage(proposal)
            }
            _ = try await store.acceptMessage(message(group, from: "b1", id: "m1", epoch: 1, bytes: [3]))
            let afterAdd = try #require(try await store.commitContext(groupId: group))
            #expect(afterAdd.epoch == 1 && afterAdd.leaves == [0: "a1", 1: "b1", 2: "c1"])
            #expect(afterAdd.proposals == [[1], [2]])
            #expect(afterAdd.members == ["a1", "b1", "c1"])

            // A refused commit changes no leaf.
            var stale = commit(group, from: "b1", id: "stale", epoch: 0)
            stale.leafChanges = [LeafAssignment(index: 0, deviceId: nil)]
            await #expect(throws: StoreError.epochConflict(current: 1)) { try await store.acceptCommit(stale) }
            #expect(try await store.commitContext(groupId: group)?.leaves == [0: "a1", 1: "b1", 2: "c1"])

            // Blanking a leaf and moving a device.
            var remove = commit(group, from: "a1", id: "rm", epoch: 1, removed: ["b1"])
            remove.leafChanges = [LeafAssignment(index: 1, deviceId: "c1"), LeafAssignment(index: 2, deviceId: nil)]
            _ = try await store.acceptCommit(remove)
            let afterRemove = try #require(try await store.commitContext(groupId: group))
            #expect(afterRemove.leaves == [0: "a1", 1: "c1"] && afterRemove.members == ["a1", "c1"] && afterRemove.proposals.isEmpty)
        }
    }
}
