@testable import CoveServer
import Testing

/// The WebSocket writer's bookkeeping (SocketSession): a queue entry that becomes visible after
/// a higher seq was pushed (PostgreSQL commits out of seq order) is still pushed, once.
@Suite struct PushWindowTests {
    static func entry(_ seq: Int64) -> QueueEntry {
        QueueEntry(seq: seq, messageId: seq, groupId: [1], kind: "application", senderDevice: "d", epoch: 0, payload: [], createdAt: 0)
    }

    @Test func lateCommittedLowerSeqIsPushedOnce() {
        let window = PushWindow()
        #expect(window.unpushed([1, 2, 4].map(Self.entry), limit: 200).map(\.seq) == [1, 2, 4])
        // seq 3 commits late: it shows up below entries already pushed.
        #expect(window.unpushed([1, 2, 3, 4].map(Self.entry), limit: 200).map(\.seq) == [3])
        #expect(window.unpushed([1, 2, 3, 4].map(Self.entry), limit: 200).isEmpty)
    }

    @Test func acknowledgedAndVanishedSeqsLeaveTheWindow() {
        let window = PushWindow()
        _ = window.unpushed([1, 2, 3].map(Self.entry), limit: 200)
        window.acknowledged([1])
        #expect(window.readLimit(batch: 10) == 12)
        // 2 was acked over HTTP: a complete read no longer returns it, so it is forgotten.
        _ = window.unpushed([3].map(Self.entry), limit: 200)
        #expect(window.readLimit(batch: 10) == 11)
    }

    @Test func incompleteReadForgetsNothing() {
        let window = PushWindow()
        _ = window.unpushed([1, 2, 3].map(Self.entry), limit: 200)
        _ = window.unpushed([1].map(Self.entry), limit: 1)
        #expect(window.readLimit(batch: 0) == 3)
    }

    @Test func windowIsCapped() {
        let window = PushWindow()
        let many = (1...Int64(PushWindow.capacity + 50)).map(Self.entry)
        #expect(window.unpushed(many, limit: many.count + 1).count == PushWindow.capacity)
        #expect(window.isFull)
        #expect(window.unpushed(many, limit: many.count + 1).isEmpty)
        // Acked entries leave the queue; the window reopens for the next ones.
        window.acknowledged([1, 2])
        #expect(window.unpushed(Array(many.dropFirst(2)), limit: many.count + 1).map(\.seq) == [Int64(PushWindow.capacity + 1), Int64(PushWindow.capacity + 2)])
    }
}
