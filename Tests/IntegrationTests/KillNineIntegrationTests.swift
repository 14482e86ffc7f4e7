#if canImport(Glibc)
import Glibc
#endif
import CoveProtocol
import CoveTestSupport
import Foundation
import MLS
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// kill -9 of a server node while 10,000 messages flow (issue 3, "must show" 2).
///
/// Two senders each submit 5,000 application messages concurrently (16 requests in flight each)
/// into their own group, whose other member is one of two receivers (sender 1 -> receiver 2,
/// sender 2 -> receiver 1, so on PostgreSQL every message crosses nodes). Receivers poll their queue (`GET /v1/messages?after=0`) and acknowledge each batch
/// with `POST /v1/messages/ack`, one request at a time, while the messages flow. After 30% of the
/// messages are accepted one node is killed with SIGKILL:
/// - PostgreSQL: two nodes on one database, sender 1 and receiver 1 on node A, sender 2 and
///   receiver 2 on node B; node A is killed and its clients reconnect to node B.
/// - SQLite: one node; it is killed and restarted on the same `--data`, and every client
///   reconnects to the restarted node.
/// A submission without an answer (in flight at the kill) is retried with the same client message
/// id, as a client does, until it gets a 2xx.
///
/// What "every accepted message delivered, none twice" means here (at-least-once delivery):
/// - accepted: a submission answered 2xx. Every accepted message reaches its receiver, with the
///   `messageId` it was accepted under (all 2xx answers for one client message id carry one id).
/// - never redelivered after an acknowledged ack: once an ack of seq S was answered 2xx, no later
///   fetch returns S. The test counts such redeliveries; there must be 0.
/// - no double enqueue: among the distinct seqs a receiver saw, each message appears once (a
///   retried submission is not queued a second time).
/// - an entry whose ack got no answer (in flight at the kill) may be delivered again: that is
///   at-least-once, reported but allowed.
/// - nothing else: every delivered application message is one the test submitted; no live node
///   answers 5xx.
@Suite("kill -9 while messages flow", .serialized)
struct KillNineIntegrationTests {
    static let messagesPerSender = 5_000
    static let serverArguments = ["--device-rate-limit", "1000000", "--address-rate-limit", "1000000"]

    @Test("SQLite: kill -9 and restart on the same --data; every accepted message delivered, none redelivered after ack")
    func sqlite() async throws {
        let node = try await ServerProcess(extraArguments: Self.serverArguments)
        node.removeDataOnDeinit = false
        let dir = try #require(node.dataDirectory)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let restarted = RestartedNode()
        let routes = (0..<4).map { _ in ClientRoute(node.baseURL) }
        try await run(routes: routes, senderRoutes: [routes[0], routes[1]], receiverRoutes: [routes[2], routes[3]],
                      registerOn: Array(repeating: node.baseURL, count: 4)) {
            node.kill9()
            for route in routes { await route.set(nil) }
            let again = try await ServerProcess(dataDirectory: dir, extraArguments: Self.serverArguments)
            await restarted.keep(again)
            for route in routes { await route.set(again.baseURL) }
        }
        await restarted.stop()
    }

    @Test("PostgreSQL, two nodes: kill -9 one, its clients move to the other; every accepted message delivered, none redelivered after ack")
    func postgres() async throws {
        let url: String
        do {
            url = try await PostgresTestCluster.shared.createDatabase()
        } catch {
            if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
            return
        }
        let nodeA = try await ServerProcess(database: url, extraArguments: Self.serverArguments)
        let nodeB = try await ServerProcess(database: url, extraArguments: Self.serverArguments)
        defer { nodeB.stop() }
        // Sender 1 and receiver 1 use node A; sender 2 and receiver 2 node B.
        let routes = [ClientRoute(nodeA.baseURL), ClientRoute(nodeB.baseURL), ClientRoute(nodeA.baseURL), ClientRoute(nodeB.baseURL)]
        try await run(routes: routes, senderRoutes: [routes[0], routes[1]], receiverRoutes: [routes[2], routes[3]],
                      registerOn: [nodeA.baseURL, nodeB.baseURL, nodeA.baseURL, nodeB.baseURL]) {
            nodeA.kill9()
            await routes[0].set(nodeB.baseURL)
            await routes[2].set(nodeB.baseURL)
        }
    }

    /// Sets up two groups, runs senders and receivers, calls `kill` once 30% are accepted, and
    /// checks the outcome (see the type's documentation).
    private func run(routes: [ClientRoute], senderRoutes: [ClientRoute], receiverRoutes: [ClientRoute], registerOn: [String],
                     kill: @escaping @Sendable () async throws -> Void) async throws {
        let names = ["sender1", "sender2", "receiver1", "receiver2"]
        var devices: [TestDevice] = []
        for (i, name) in names.enumerated() {
            devices.append(try await TestDevice.register(HTTP(baseURL: registerOn[i]), username: name))
        }
        let senders = Array(devices[0..<2]), receivers = Array(devices[2..<4])
        var groups: [[UInt8]] = []
        for (i, sender) in senders.enumerated() {
            let gid = MLSFixtures.random(16)
            try TestDevice.expect(try await sender.send("POST", "/v1/groups", json: CreateGroupRequest(groupId: GroupID(gid))), 201, "group")
            try TestDevice.expect(try await sender.send("POST", groupPath(gid) + "/commits", json: SubmitCommitRequest(
                clientMessageId: "add", commit: Base64Bytes(MLSFixtures.commit(group: gid, epoch: 0, adds: [try MLSFixtures.keyPackage(for: receivers[1 - i])])),
                welcome: Base64Bytes(MLSFixtures.welcome()), addedDeviceIds: [receivers[1 - i].deviceId])), 200, "add receiver")
            groups.append(gid)
        }
        let groupIds = groups

        let ledger = SubmissionLedger()
        let sendersDone = DoneFlag()
        let total = Self.messagesPerSender * senders.count
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for (i, sender) in senders.enumerated() {
                tasks.addTask {
                    try await Self.send(from: sender, index: i, group: groupIds[i], route: senderRoutes[i], ledger: ledger)
                }
            }
            var reports: [Task<ReceiverReport, any Error>] = []
            for (i, receiver) in receivers.enumerated() {
                reports.append(Task { try await Self.receive(receiver, route: receiverRoutes[i], sendersDone: sendersDone) })
            }
            tasks.addTask {
                while await ledger.acceptedCount < total * 3 / 10 { try await Task.sleep(for: .milliseconds(10)) }
                try await kill()
            }
            try await tasks.waitForAll()
            await sendersDone.set()
            let accepted = await ledger.accepted
            let stats = await ledger.stats
            print("kill-9: \(total) messages accepted in \(ContinuousClock.now - start); \(stats)")
            #expect(accepted.count == total, "every submission is eventually accepted")
            #expect(stats.rejected == 0 && stats.serverErrors == 0, "\(stats)")
            #expect(stats.inconsistentIds == 0, "retries of one client message id got different message ids")
            for (i, report) in reports.enumerated() {
                let r = try await report.value
                print("kill-9: receiver \(i + 1): \(r.summary)")
                #expect(r.redeliveredAfterAck == 0, "receiver \(i + 1): entries redelivered after an acknowledged ack")
                #expect(r.doubleEnqueued.isEmpty, "receiver \(i + 1): messages queued twice: \(r.doubleEnqueued.prefix(5))")
                #expect(r.unknown == 0, "receiver \(i + 1): delivered messages the test never submitted")
                let expected = accepted.filter { $0.key.hasPrefix("s\(1 - i)-") }  // its group's sender
                #expect(expected.count == Self.messagesPerSender)
                #expect(r.delivered.count == expected.count, "receiver \(i + 1): only its group's messages")
                let missing = expected.filter { r.delivered[$0.key] == nil }
                #expect(missing.isEmpty, "receiver \(i + 1): \(missing.count) accepted messages never delivered")
                let wrongId = expected.filter { entry in r.delivered[entry.key].map { $0 != entry.value } ?? false }
                #expect(wrongId.isEmpty, "receiver \(i + 1): \(wrongId.count) delivered under another message id")
            }
        }
    }

    /// Submits this sender's messages, 16 in flight; each is retried with the same client message
    /// id and bytes until it is answered 2xx (or refused with a 4xx, which the test counts).
    private static func send(from sender: TestDevice, index: Int, group: [UInt8], route: ClientRoute, ledger: SubmissionLedger) async throws {
        let counter = WorkCounter(limit: messagesPerSender)
        try await withThrowingTaskGroup(of: Void.self) { workers in
            for _ in 0..<16 {
                workers.addTask {
                    while let n = await counter.next() {
                        let clientId = "s\(index)-\(n)"
                        var ciphertext = Array(clientId.utf8) + [0]
                        ciphertext += MLSFixtures.random(48)
                        let body = SubmitMessageRequest(clientMessageId: clientId, message: Base64Bytes(
                            MLSFixtures.application(group: group, epoch: 1, ciphertext: ciphertext)))
                        try await submit(body, token: sender.token, group: group, route: route, ledger: ledger)
                    }
                }
            }
            try await workers.waitForAll()
        }
    }

    private static func submit(_ body: SubmitMessageRequest, token: String, group: [UInt8], route: ClientRoute, ledger: SubmissionLedger) async throws {
        let deadline = ContinuousClock.now + .seconds(120)  // a bound against hanging, not a timing assertion
        while ContinuousClock.now < deadline {
            let (base, generation) = await route.current()
            guard let base else {
                await route.waitForChange(from: generation)
                continue
            }
            let answer: HTTPAnswer
            do {
                answer = try await KillNineHTTP.send("POST", base + groupPath(group) + "/messages", json: body, token: token)
            } catch {
                // No answer: the node may be gone. The message may or may not be stored; retry.
                await ledger.noAnswer()
                await route.waitForChange(from: generation, atMost: .milliseconds(200))
                continue
            }
            if (200..<300).contains(answer.status) {
                let response = try answer.decode(SubmitResponse.self)
                await ledger.accept(body.clientMessageId, messageId: response.messageId, duplicate: response.duplicate)
                return
            }
            if answer.status >= 500 { await ledger.serverError() }
            if answer.status == 429 || answer.status >= 500 {
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            await ledger.reject()
            return
        }
        Issue.record("submission \(body.clientMessageId) not accepted within the bound")
    }

    /// Fetches and acknowledges until the senders are done and the queue is empty.
    private static func receive(_ device: TestDevice, route: ClientRoute, sendersDone: DoneFlag) async throws -> ReceiverReport {
        var report = ReceiverReport()
        var acked = Set<Int64>()
        var seen: [Int64: String] = [:]
        let deadline = ContinuousClock.now + .seconds(180)  // a bound against hanging, not a timing assertion
        while ContinuousClock.now < deadline {
            let (base, generation) = await route.current()
            guard let base else {
                await route.waitForChange(from: generation)
                continue
            }
            let done = await sendersDone.isSet
            let batch: [QueuedMessage]
            do {
                let answer = try await KillNineHTTP.send("GET", base + "/v1/messages?after=0&limit=500", token: device.token)
                guard answer.status == 200 else {
                    if answer.status >= 500 { report.serverErrors += 1 }
                    try await Task.sleep(for: .milliseconds(20))
                    continue
                }
                batch = try answer.decode(MessageList.self).messages
            } catch {
                await route.waitForChange(from: generation, atMost: .milliseconds(200))
                continue
            }
            if batch.isEmpty {
                // Every accepted message was committed before its 2xx: once the senders are done,
                // an empty queue means everything was received and acknowledged.
                if done { return report.finished(seen: seen) }
                try await Task.sleep(for: .milliseconds(10))
                continue
            }
            for m in batch {
                if acked.contains(m.seq) { report.redeliveredAfterAck += 1 }
                if seen[m.seq] != nil { report.redeliveredUnconfirmed += 1 }
                if m.kind == .welcome { seen[m.seq] = "welcome"; continue }
                guard case .privateMessage(let pm) = try MLSMessageDecoder.decode(m.payload.bytes),
                      let end = pm.ciphertext.firstIndex(of: 0) else {
                    report.unknown += 1
                    continue
                }
                let marker = String(decoding: pm.ciphertext[..<end], as: UTF8.self)
                seen[m.seq] = marker
                report.messageIds[marker, default: []].insert(m.messageId)
            }
            do {
                let answer = try await KillNineHTTP.send("POST", base + "/v1/messages/ack", json: AckRequest(seqs: batch.map(\.seq)),
                                                         token: device.token)
                if (200..<300).contains(answer.status) {
                    acked.formUnion(batch.map(\.seq))
                } else {
                    report.unconfirmedAcks += 1
                }
            } catch {
                report.unconfirmedAcks += 1  // these entries may come again: allowed
            }
        }
        Issue.record("receiver \(device.username) did not drain its queue within the bound")
        return report.finished(seen: seen)
    }
}

/// The node one client talks to; the test moves it when that node dies.
actor ClientRoute {
    private var baseURL: String?
    private var generation = 0

    init(_ baseURL: String) { self.baseURL = baseURL }

    func current() -> (String?, Int) { (baseURL, generation) }

    func set(_ url: String?) {
        baseURL = url
        generation += 1
    }

    /// Returns once the route changed after `generation`, or after `atMost`.
    nonisolated func waitForChange(from generation: Int, atMost: Duration = .seconds(60)) async {
        let end = ContinuousClock.now + atMost
        while ContinuousClock.now < end, await self.current().1 == generation {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// What the senders got back.
actor SubmissionLedger {
    struct Stats: Sendable, CustomStringConvertible {
        var noAnswer = 0, duplicateAnswers = 0, rejected = 0, serverErrors = 0, inconsistentIds = 0
        var description: String {
            "no answer (retried): \(noAnswer), answered as duplicate: \(duplicateAnswers), 4xx: \(rejected), 5xx: \(serverErrors)"
        }
    }
    private(set) var accepted: [String: Int64] = [:]
    private(set) var stats = Stats()

    var acceptedCount: Int { accepted.count }

    func accept(_ clientId: String, messageId: Int64, duplicate: Bool) {
        if duplicate { stats.duplicateAnswers += 1 }
        if let previous = accepted[clientId], previous != messageId { stats.inconsistentIds += 1 }
        accepted[clientId] = messageId
    }
    func noAnswer() { stats.noAnswer += 1 }
    func reject() { stats.rejected += 1 }
    func serverError() { stats.serverErrors += 1 }
}

/// What one receiver saw.
struct ReceiverReport: Sendable {
    var redeliveredAfterAck = 0
    var redeliveredUnconfirmed = 0
    var unconfirmedAcks = 0
    var unknown = 0
    var serverErrors = 0
    /// Message ids under which each submitted message (by client message id) was delivered.
    var messageIds: [String: Set<Int64>] = [:]
    /// Client message id -> the message id it was delivered under (when unique).
    var delivered: [String: Int64] = [:]
    /// Messages delivered under more than one distinct seq.
    var doubleEnqueued: [String] = []

    func finished(seen: [Int64: String]) -> ReceiverReport {
        var r = self
        var seqsPerMarker: [String: Int] = [:]
        for marker in seen.values where marker != "welcome" { seqsPerMarker[marker, default: 0] += 1 }
        r.doubleEnqueued = seqsPerMarker.filter { $0.value > 1 }.map(\.key).sorted()
        for (marker, ids) in messageIds {
            if ids.count == 1, let id = ids.first { r.delivered[marker] = id } else { r.doubleEnqueued.append(marker) }
        }
        return r
    }

    var summary: String {
        "\(delivered.count) messages; redelivered after an unanswered ack: \(redeliveredUnconfirmed) " +
            "(\(unconfirmedAcks) acks unanswered); after an acknowledged ack: \(redeliveredAfterAck); 5xx: \(serverErrors)"
    }
}

/// Hands out 0..<limit once each to concurrent workers.
actor WorkCounter {
    private var handedOut = 0
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    func next() -> Int? {
        guard handedOut < limit else { return nil }
        defer { handedOut += 1 }
        return handedOut
    }
}

/// The SQLite node started after the kill (stopped at the end of the test).
actor RestartedNode {
    private var process: ServerProcess?
    func keep(_ p: ServerProcess) { process = p }
    func stop() { process?.stop() }
}

actor DoneFlag {
    private(set) var isSet = false
    func set() { isSet = true }
}

/// A URLSession that allows many concurrent connections per node (the shared one allows few).
enum KillNineHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: String, json body: (any Encodable)? = nil, token: String) async throws -> HTTPAnswer {
        guard let target = URL(string: url) else { throw UnexpectedAnswer(description: "bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONEncoder().encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await session.data(for: request)
        return HTTPAnswer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}
