import CoveProtocol
import Foundation
import NIOHTTP1

/// A 200 answer to a submission without a messageId.
struct BadAnswer: Error {}

/// One submitted message as the sender saw it.
struct SendRecord: Sendable {
    var messageId: Int64
    var groupId: String
    /// Open loop: the scheduled send time (so client-side queueing counts); closed loop: when
    /// the send began. Before the MLS protect in both cases.
    var start: UInt64
    var done: UInt64
}

/// The measured phase: application messages of `size` bytes, protected with real MLS and posted
/// to `/v1/groups/{id}/messages`, at a target rate (open loop) or as fast as each sender's
/// previous answer allows (closed loop).
struct LoadGenerator: Sendable {
    let api: APIClient
    /// The senders' group memberships; message i in open loop uses `slots[i % count]`.
    let senders: [[Membership]]
    let size: Int
    let runTag: String

    let records = Locked<[SendRecord]>([])
    let errors = Locked<[String: Int]>([:])
    let dropped = Locked(0)

    private func plaintext(_ i: Int) -> [UInt8] {
        var bytes = Array("m\(i)|".utf8)
        if bytes.count < size { bytes += [UInt8](repeating: 0x78, count: size - bytes.count) }
        return bytes
    }

    private func send(_ membership: Membership, index: Int, start: UInt64) async {
        do {
            let message = try membership.protect(plaintext(index))
            // The SubmitMessageRequest JSON written directly (the client id is ASCII without
            // quotes or backslashes; the message is base64), and only the answer's messageId
            // read: JSONEncoder/JSONDecoder per send were CPU taken from the measured server.
            var body = #"{"clientMessageId":""# + runTag + "-" + String(index) + #"","message":""#
            body += Data(message).base64EncodedString()
            body += #""}"#
            let data = try await api.raw(.POST, membership.messagesPath, body: Data(body.utf8),
                                         token: membership.device.token, expect: 200)
            let done = MonotonicClock.now()
            let answer = data.withUnsafeBytes { JSONFields.scan($0.bindMemory(to: UInt8.self), wanted: ["messageId"]) }
            guard case .int(let messageId)? = answer?["messageId"] else { throw BadAnswer() }
            records.withLock { $0.append(SendRecord(messageId: messageId, groupId: membership.groupString, start: start, done: done)) }
        } catch let failure as APIFailure {
            errors.withLock { $0["HTTP \(failure.status) \(failure.code ?? "")", default: 0] += 1 }
        } catch {
            errors.withLock { $0["\(type(of: error))", default: 0] += 1 }
        }
    }

    /// Each of `concurrency` workers per sender sends, waits for the answer, sends again, for
    /// `duration` seconds, cycling through the sender's groups.
    func closedLoop(duration: Double, concurrency: Int) async {
        let end = MonotonicClock.now() + UInt64(duration * 1e9)
        let counter = Locked(0)
        await withDiscardingTaskGroup { tasks in
            for (s, memberships) in senders.enumerated() where !memberships.isEmpty {
                for w in 0..<concurrency {
                    tasks.addTask {
                        var k = s * concurrency + w
                        while MonotonicClock.now() < end {
                            let index = counter.withLock { c -> Int in defer { c += 1 }; return c }
                            await send(memberships[k % memberships.count], index: index, start: MonotonicClock.now())
                            k += 1
                        }
                    }
                }
            }
        }
    }

    /// Messages scheduled at `rate` per second in total for `duration` seconds, spread over the
    /// senders' groups round-robin. A send that would exceed `maxInFlight` is dropped and counted.
    func openLoop(rate: Double, duration: Double, maxInFlight: Int) async {
        let slots = Self.interleave(senders)
        guard !slots.isEmpty else { return }
        let total = Int(rate * duration)
        let t0 = MonotonicClock.now()
        let inFlight = Locked(0)
        await withDiscardingTaskGroup { tasks in
            for i in 0..<total {
                let scheduled = t0 + UInt64(Double(i) / rate * 1e9)
                let now = MonotonicClock.now()
                if scheduled > now { try? await Task.sleep(for: .nanoseconds(Int64(scheduled - now))) }
                let admitted = inFlight.withLock { n -> Bool in
                    guard n < maxInFlight else { return false }
                    n += 1
                    return true
                }
                guard admitted else { dropped.withLock { $0 += 1 }; continue }
                let slot = slots[i % slots.count]
                tasks.addTask {
                    await send(slot, index: i, start: scheduled)
                    inFlight.withLock { $0 -= 1 }
                }
            }
        }
    }

    /// Sender 0's first group, sender 1's first group, ..., sender 0's second group, ...
    static func interleave(_ lists: [[Membership]]) -> [Membership] {
        var out: [Membership] = []
        let longest = lists.map(\.count).max() ?? 0
        for k in 0..<longest {
            for list in lists where k < list.count { out.append(list[k]) }
        }
        return out
    }
}
