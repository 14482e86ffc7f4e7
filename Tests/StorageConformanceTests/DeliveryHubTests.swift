@testable import CoveServer
import Testing

/// The in-memory push path (DeliveryHub, PushMailbox, PushWindow.admit/settle): entries reach a
/// session only after their submission returned (committed), a full mailbox falls back to a store
/// read, and an entry arriving both from a store read and from the mailbox is pushed once.
@Suite struct DeliveryHubTests {
    static func entry(_ seq: Int64) -> QueueEntry { PushWindowTests.entry(seq) }
    static func item(_ seq: Int64) -> PushMailbox.Item { PushMailbox.Item(entry(seq)) }

    static func outcome(_ deliveries: [(String, Int64)]) -> SubmissionOutcome {
        SubmissionOutcome(messageId: 1, epoch: 0, duplicate: false, recipients: deliveries.map(\.0),
                          deliveries: deliveries.map { QueuedDelivery(deviceId: $0.0, entry: entry($0.1)) })
    }

    struct Refused: Error {}

    @Test func aNewMailboxAsksForAStoreRead() {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1")
        let first = mailbox.take()
        #expect(first.readNeeded && first.entries.isEmpty)
        let second = mailbox.take()
        #expect(!second.readNeeded && second.entries.isEmpty)
    }

    @Test func entriesArriveOnlyAfterTheTransactionReturns() async throws {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1")
        let other = hub.subscribe(device: "d2")
        _ = mailbox.take()
        _ = other.take()
        let outcome = try await hub.delivering {
            // Inside the transaction nothing is posted yet, and the submission holds the floor.
            #expect(mailbox.take().entries.isEmpty)
            #expect(hub.deliveryFloor < hub.readMark)
            return Self.outcome([("d1", 5), ("d3", 6)])
        }
        #expect(outcome.deliveries.count == 2)
        let batch = mailbox.take()
        #expect(batch.entries.map(\.seq) == [5] && !batch.readNeeded)
        #expect(other.take().entries.isEmpty)  // d2 got nothing; d3 has no session
        #expect(hub.deliveryFloor == hub.readMark)
    }

    @Test func aFailedTransactionPostsNothingAndReleasesTheFloor() async {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1")
        _ = mailbox.take()
        await #expect(throws: Refused.self) {
            try await hub.delivering { throw Refused() }
        }
        #expect(mailbox.take().entries.isEmpty)
        #expect(hub.deliveryFloor == hub.readMark)
    }

    @Test func theFloorWaitsForTheOldestOpenTicket() {
        let hub = DeliveryHub()
        let first = hub.beginDelivery(), second = hub.beginDelivery()
        let start = hub.deliveryFloor
        hub.endDelivery(second, deliveries: [])
        #expect(hub.deliveryFloor == start)  // the first is still open
        hub.endDelivery(first, deliveries: [])
        #expect(hub.deliveryFloor == hub.readMark)
    }

    @Test func aFullMailboxDropsItsEntriesAndAsksForARead() {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1", capacity: 3)
        _ = mailbox.take()
        for seq in 1...3 { hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "d1", entry: Self.entry(Int64(seq)))]) }
        hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "d1", entry: Self.entry(4))])
        let batch = mailbox.take()
        #expect(batch.readNeeded && batch.entries.isEmpty)
        // After the take the mailbox collects again.
        hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "d1", entry: Self.entry(5))])
        #expect(mailbox.take().entries.map(\.seq) == [5])
    }

    @Test func aWakeAsksForAReadAndSupersedesHeldEntries() {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1")
        _ = mailbox.take()
        hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "d1", entry: Self.entry(1))])
        hub.wake(devices: ["d1"])
        let batch = mailbox.take()
        #expect(batch.readNeeded && batch.entries.isEmpty)
    }

    @Test func unsubscribedAndFinishedMailboxesGetNothing() async {
        let hub = DeliveryHub()
        let mailbox = hub.subscribe(device: "d1")
        _ = mailbox.take()
        hub.unsubscribe(device: "d1", mailbox)
        hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "d1", entry: Self.entry(1))])
        #expect(mailbox.take().entries.isEmpty)
        #expect(hub.connectedDevices == 0)
        var signals = mailbox.signals.makeAsyncIterator()
        #expect(await signals.next() == nil)
        hub.finishAll()
        var late = hub.subscribe(device: "d2").signals.makeAsyncIterator()
        #expect(await late.next() == nil)
    }

    // MARK: the window's side

    @Test func mailboxEntriesAlreadyPushedByAReadAreNotPushedAgain() {
        let window = PushWindow()
        let read = window.beginRead(batch: 200, mark: 5)
        #expect(window.unpushed(seqs: [1, 2], read: read) == [1, 2])
        let admitted = window.admit([2, 3].map(Self.item))
        #expect(admitted.fresh.map(\.seq) == [3] && admitted.overflow == 0)
        #expect(window.admit([3].map(Self.item)).fresh.isEmpty)
        // And the other way round: a read listing mailbox-pushed entries skips them.
        #expect(window.unpushed(seqs: [1, 2, 3, 4], read: window.beginRead(batch: 200, mark: 5)) == [4])
    }

    @Test func aLatePostOfAnEntryReadAckedAndGoneIsNotPushedAgain() {
        let window = PushWindow()
        // A read with mark 7 (submissions with tickets below 7 may not have posted yet) pushes seq 1.
        #expect(window.unpushed(seqs: [1], read: window.beginRead(batch: 200, mark: 7)) == [1])
        window.acknowledged([1])
        // A later read no longer lists it, and the writer settles while ticket 6 is still open.
        #expect(window.unpushed(seqs: [], read: window.beginRead(batch: 200, mark: 8)).isEmpty)
        window.settle(deliveryFloor: 6)
        // Ticket 6's post of seq 1 arrives now: not pushed again.
        #expect(window.admit([Self.item(1)]).fresh.isEmpty)
        // Once every ticket below 7 has posted, seq 1 is forgotten.
        window.settle(deliveryFloor: 7)
        #expect(window.beginRead(batch: 0).limit == 0)
    }

    @Test func anEntryAckedOverHTTPAndReadAwayIsRememberedUntilTheFloorPasses() {
        let window = PushWindow()
        #expect(window.unpushed(seqs: [1, 2], read: window.beginRead(batch: 200, mark: 3)) == [1, 2])
        // 1 was acknowledged over HTTP: a complete read no longer lists it.
        #expect(window.unpushed(seqs: [2], read: window.beginRead(batch: 200, mark: 3)).isEmpty)
        window.settle(deliveryFloor: 2)
        #expect(window.admit([Self.item(1)]).fresh.isEmpty)
        window.settle(deliveryFloor: 3)
        #expect(window.beginRead(batch: 0).limit == 1)  // only 2 is left
    }

    @Test func acknowledgedMailboxEntriesAreForgottenAtTheNextSettle() {
        let window = PushWindow()
        #expect(window.admit([1, 2].map(Self.item)).fresh.count == 2)
        window.acknowledged([1, 2])
        window.settle(deliveryFloor: 1)
        #expect(window.beginRead(batch: 0).limit == 0)
    }

    @Test func mailboxEntriesBeyondTheWindowAreCountedForARead() {
        let window = PushWindow()
        let many = (1...Int64(PushWindow.capacity + 3)).map(Self.item)
        let admitted = window.admit(many)
        #expect(admitted.fresh.count == PushWindow.capacity && admitted.overflow == 3 && window.isFull)
        // The read once acks made room finds them (they are queued in the store).
        window.acknowledged([1, 2, 3])
        window.settle(deliveryFloor: 1)
        let read = window.beginRead(batch: 200, mark: 1)
        #expect(window.unpushed(seqs: many.dropFirst(3).map(\.seq), read: read) == many.suffix(3).map(\.seq))
    }

    @Test func postedFramesAreTheEntriesFramesAndShareOnePrefixPerMessage() {
        let hub = DeliveryHub()
        let a = hub.subscribe(device: "a"), b = hub.subscribe(device: "b")
        _ = a.take()
        _ = b.take()
        var first = PushFrameTests.entry(), second = PushFrameTests.entry()
        first.seq = 10
        second.seq = 11
        hub.endDelivery(hub.beginDelivery(), deliveries: [QueuedDelivery(deviceId: "a", entry: first),
                                                          QueuedDelivery(deviceId: "b", entry: second)])
        #expect(a.take().entries.map(\.frame) == [PushFrame.message(first)])
        #expect(b.take().entries.map(\.frame) == [PushFrame.message(second)])
    }
}
