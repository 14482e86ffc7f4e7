@testable import CoveServer
import Testing

/// The WebSocket writer's bookkeeping (SocketSession): a queue entry that becomes visible after
/// a higher seq was pushed (PostgreSQL commits out of seq order) is still pushed, once; an entry
/// acknowledged while a read was in flight is not pushed again.
@Suite struct PushWindowTests {
    static func entry(_ seq: Int64) -> QueueEntry {
        QueueEntry(seq: seq, messageId: seq, groupId: [1], kind: "application", senderDevice: "d", epoch: 0, payload: [], createdAt: 0)
    }

    /// One writer iteration: begin a read, "read" `queue`, apply it.
    static func push(_ window: PushWindow, _ seqs: [Int64], batch: Int = 200) -> [Int64] {
        let read = window.beginRead(batch: batch)
        return window.unpushed(seqs.map(entry), read: read).map(\.seq)
    }

    @Test func lateCommittedLowerSeqIsPushedOnce() {
        let window = PushWindow()
        #expect(Self.push(window, [1, 2, 4]) == [1, 2, 4])
        // seq 3 commits late: it shows up below entries already pushed.
        #expect(Self.push(window, [1, 2, 3, 4]) == [3])
        #expect(Self.push(window, [1, 2, 3, 4]).isEmpty)
    }

    @Test func anAckDuringAReadDoesNotRepushTheEntry() {
        let window = PushWindow()
        #expect(Self.push(window, [1, 2]) == [1, 2])
        // The writer begins a read; the store still lists 1 and 2 ...
        let stale = window.beginRead(batch: 200)
        // ... then the reader commits the device's ack of 1 and tells the window.
        window.acknowledged([1])
        // The stale answer still lists 1 and a new entry 3: only 3 is new.
        #expect(window.unpushed([1, 2, 3].map(Self.entry), read: stale).map(\.seq) == [3])
        // A read begun after the ack no longer lists 1; 1 is then forgotten for good.
        #expect(Self.push(window, [2, 3]).isEmpty)
        #expect(window.beginRead(batch: 0).limit == 2)
    }

    @Test func acksOfSeqsNeverPushedAreNotRemembered() {
        let window = PushWindow()
        #expect(Self.push(window, [1]) == [1])
        window.acknowledged(Array(100..<1100))
        #expect(window.beginRead(batch: 0).limit == 1)
    }

    @Test func acknowledgedAndVanishedSeqsLeaveTheWindow() {
        let window = PushWindow()
        #expect(Self.push(window, [1, 2, 3]) == [1, 2, 3])
        window.acknowledged([1])
        // 2 pushed and 3 pushed, 1 acknowledged but not yet confirmed gone by a later read.
        #expect(window.beginRead(batch: 10).limit == 13)
        // 2 was acked over HTTP: a complete read no longer returns it, so it is forgotten; so is 1.
        #expect(Self.push(window, [3]).isEmpty)
        #expect(window.beginRead(batch: 10).limit == 11)
    }

    @Test func incompleteReadForgetsNothing() {
        let window = PushWindow()
        #expect(Self.push(window, [1, 2, 3]) == [1, 2, 3])
        let read = window.beginRead(batch: 0)  // limit 3: a read of three entries may have stopped short
        #expect(window.unpushed([2, 3, 4].map(Self.entry), read: read).map(\.seq) == [4])
        #expect(window.beginRead(batch: 0).limit == 4)  // 1 is still counted as pushed
    }

    @Test func windowIsCapped() {
        let window = PushWindow()
        let many = Array(1...Int64(PushWindow.capacity + 50))
        #expect(Self.push(window, many, batch: many.count).count == PushWindow.capacity)
        #expect(window.isFull)
        #expect(Self.push(window, many, batch: many.count).isEmpty)
        // Acked entries leave the queue; the window reopens for the next ones.
        window.acknowledged([1, 2])
        #expect(!window.isFull)
        #expect(Self.push(window, Array(many.dropFirst(2)), batch: many.count)
                == [Int64(PushWindow.capacity + 1), Int64(PushWindow.capacity + 2)])
    }
}

/// The seq-only form the writer uses (payloads are read for the result only) behaves like the
/// entry form.
@Suite struct PushWindowSeqTests {
    @Test func seqFormMatchesEntryForm() {
        let bySeq = PushWindow(), byEntry = PushWindow()
        let reads: [[Int64]] = [[1, 2, 4], [1, 2, 3, 4], [3, 4, 5], [5], []]
        for (i, queue) in reads.enumerated() {
            if i == 2 { bySeq.acknowledged([1, 2]); byEntry.acknowledged([1, 2]) }
            let r1 = bySeq.beginRead(batch: 200), r2 = byEntry.beginRead(batch: 200)
            #expect(bySeq.unpushed(seqs: queue, read: r1) == byEntry.unpushed(queue.map(PushWindowTests.entry), read: r2).map(\.seq))
            #expect(bySeq.beginRead(batch: 0).limit == byEntry.beginRead(batch: 0).limit)
        }
    }
}
