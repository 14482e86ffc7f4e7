import ArgumentParser
import CoveProtocol
import Foundation
import MLS

@main
struct CoveBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cove-bench",
        abstract: "Load generator for the Cove delivery service: real clients, real MLS, WebSockets on loopback.",
        discussion: """
            Registers --clients devices (one account each), builds --groups MLS groups of --group-size members \
            (members spread over the clients; real KeyPackages, a commit with a Welcome, joins), connects every \
            member's WebSocket, then the first --senders clients send --size bytes of application data (real MLS \
            PrivateMessages) at --rate messages/s in total (open loop) or as fast as answers come back (--rate 0, \
            closed loop with --concurrency requests in flight per sender) for --duration seconds. Receivers \
            acknowledge what they get over the WebSocket. End-to-end latency is from send start (before the MLS \
            protect; in open loop the scheduled time) to receipt at each recipient, on this process's monotonic clock.
            """
    )

    @Option(help: "Target a running server (loopback), e.g. http://127.0.0.1:8080.") var server: String?
    @Option(help: "Start a cove-server: sqlite (fresh temp dir) or postgres (a private cluster, or --database).") var spawn: String?
    @Option(name: .customLong("server-binary"), help: "cove-server executable for --spawn (default: beside cove-bench).") var serverBinary: String?
    @Option(help: "With --spawn postgres: use this postgres:// URL instead of starting a cluster.") var database: String?
    @Option(name: .customLong("server-pid"), help: "With --server: the server's pid, for its peak memory and CPU.") var serverPID: Int32?
    @Option(name: .customLong("db-pid"), help: "With --server: a database process (postmaster) whose CPU to report.") var dbPID: Int32?
    @Option(help: "Devices (one account each).") var clients = 100
    @Option(help: "MLS groups.") var groups = 20
    @Option(name: .customLong("group-size"), help: "Members per group (devices), creator included.") var groupSize = 10
    @Option(help: "How many clients send (the first ones); default all.") var senders: Int?
    @Option(help: "Application data bytes per message (before MLS framing).") var size = 200
    @Option(help: "Total messages per second offered (open loop); 0 = as fast as possible (closed loop).") var rate: Double = 0
    @Option(help: "Seconds of load.") var duration: Double = 10
    @Option(help: "Closed loop: requests in flight per sender.") var concurrency = 1
    @Option(name: .customLong("max-inflight"), help: "Open loop: sends beyond this many outstanding are dropped (counted).") var maxInFlight = 2000
    @Option(help: "Seconds of unrecorded closed-loop warm-up before the measured phase.") var warmup: Double = 2
    @Option(name: .customLong("drain-timeout"), help: "Seconds to wait for outstanding deliveries after sending.") var drainTimeout: Double = 30
    @Flag(help: "Receivers decrypt and verify every message (client CPU; the server's work is unchanged).") var decrypt = false
    @Option(help: "Label for the table and JSON.") var label: String?
    @Flag(help: "Print the result as one JSON object instead of the table.") var json = false
    @Option(help: "Append the JSON line to this file too.") var out: String?

    func validate() throws {
        guard (server == nil) != (spawn == nil) else { throw ValidationError("give exactly one of --server URL and --spawn sqlite|postgres") }
        if let spawn, !["sqlite", "postgres"].contains(spawn) { throw ValidationError("--spawn takes sqlite or postgres") }
        if let server {
            guard let host = URL(string: server)?.host, ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
                throw ValidationError("--server must be a loopback URL")
            }
        }
        guard clients >= 2, groups >= 1, (2...clients).contains(groupSize) else {
            throw ValidationError("need --clients >= 2, --groups >= 1, 2 <= --group-size <= --clients")
        }
        guard size >= 16, size <= 512 << 10, duration > 0, concurrency >= 1, rate >= 0 else {
            throw ValidationError("need 16 <= --size <= 512 KiB, --duration > 0, --concurrency >= 1, --rate >= 0")
        }
        if let senders, !(1...clients).contains(senders) { throw ValidationError("--senders must be 1...--clients") }
    }

    func run() async throws {
        var cluster: PostgresCluster?
        var spawned: SpawnedServer?
        defer {
            spawned?.stop()
            cluster?.stop()
        }
        let baseURL: String
        var serverPID = self.serverPID, dbPID = self.dbPID
        if let spawn {
            var url: String? = nil
            if spawn == "postgres" {
                if let database { url = database } else {
                    cluster = try PostgresCluster()
                    url = cluster?.url
                    dbPID = cluster?.postmasterPID
                }
            }
            spawned = try await SpawnedServer(binary: serverBinary ?? SpawnedServer.defaultBinary(), database: url, extraArguments: [])
            baseURL = spawned?.baseURL ?? ""
            serverPID = spawned?.pid
        } else {
            baseURL = server ?? ""
        }
        let report = try await measure(baseURL: baseURL, serverPID: serverPID, dbPID: dbPID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let line = String(decoding: try encoder.encode(report), as: UTF8.self)
        if json { print(line) } else { print(BenchReport.table([report])) }
        if !report.errorKinds.isEmpty { FileHandle.standardError.write(Data("errors: \(report.errorKinds)\n".utf8)) }
        if let out {
            if !FileManager.default.fileExists(atPath: out) { _ = FileManager.default.createFile(atPath: out, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((line + "\n").utf8))
            try handle.close()
        }
    }

    /// Group g's members: `groupSize` consecutive clients starting at g * groupSize (mod clients),
    /// so memberships spread evenly; the first is the creator.
    func plan() -> [[Int]] {
        (0..<groups).map { g in (0..<groupSize).map { (g * groupSize + $0) % clients } }
    }

    private func log(_ text: String) {
        FileHandle.standardError.write(Data("[cove-bench] \(text)\n".utf8))
    }

    func measure(baseURL: String, serverPID: Int32?, dbPID: Int32?) async throws -> BenchReport {
        let mls = try MLSContext()
        let senderCount = senders ?? clients
        let api = APIClient.make(baseURL: baseURL, connections: max(64, senderCount * concurrency))
        defer { Task { [api] in try? await api.shutdown() } }
        let tag = String(UInt32.random(in: 0 ... .max), radix: 36)
        let plan = plan()
        let clients = self.clients
        var joinCounts = [Int](repeating: 0, count: clients)
        for members in plan { for m in members.dropFirst() { joinCounts[m] += 1 } }
        let joins = joinCounts

        let setupStart = MonotonicClock.now()
        log("registering \(clients) devices")
        let devices = try await withThrowingTaskGroup(of: BenchDevice.self) { tasks in
            var next = 0, out: [BenchDevice] = []
            for _ in 0..<min(8, clients) {
                let i = next; next += 1
                tasks.addTask { try await BenchDevice.register(api: api, index: i, username: "b\(tag)u\(i)", keyPackageCount: joins[i] + 1, mls: mls) }
            }
            while let d = try await tasks.next() {
                out.append(d)
                if next < clients {
                    let i = next; next += 1
                    tasks.addTask { try await BenchDevice.register(api: api, index: i, username: "b\(tag)u\(i)", keyPackageCount: joins[i] + 1, mls: mls) }
                }
            }
            return out.sorted { $0.index < $1.index }
        }
        log("building \(groups) groups of \(groupSize) with real MLS")
        let memberships = try await GroupBuilder(api: api, mls: mls).build(plan: plan, devices: devices)
        let groupSizes = Dictionary(memberships.flatMap { $0 }.map { ($0.groupId.string, 1) }, uniquingKeysWith: +)

        let progress = DeliveryProgress()
        let receipts = Locked<[Receipt]>([])
        let failures = Locked<[String: Int]>([:])
        let wsURL = baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/v1/ws"
        let receivers = devices.filter { !memberships[$0.index].isEmpty }.map { d in
            PushReceiver(device: d, memberships: Dictionary(memberships[d.index].map { ($0.groupId.string, $0) }, uniquingKeysWith: { a, _ in a }),
                         decrypt: decrypt, progress: progress, receipts: receipts, failures: failures)
        }
        let setupS = Double(MonotonicClock.now() - setupStart) / 1e9

        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            for r in receivers {
                tasks.addTask {
                    do { try await r.run(url: wsURL) } catch is CancellationError {} catch {
                        failures.withLock { $0["websocket: \(type(of: error))", default: 0] += 1 }
                    }
                }
            }
            let connectDeadline = MonotonicClock.now() + 60_000_000_000
            while progress.connectedCount < receivers.count, MonotonicClock.now() < connectDeadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            guard progress.connectedCount == receivers.count else {
                throw SetupError(description: "only \(progress.connectedCount) of \(receivers.count) WebSockets connected")
            }
            log("\(receivers.count) WebSockets connected; setup took \(String(format: "%.1f", setupS)) s")
            let senderMemberships = Array(memberships.prefix(senderCount))
            func expected(_ records: [SendRecord]) -> Int { records.reduce(0) { $0 + (groupSizes[$1.groupId] ?? 1) - 1 } }
            func drain(until target: Int) async throws {
                let deadline = MonotonicClock.now() + UInt64(drainTimeout * 1e9)
                while progress.deliveredCount < target, MonotonicClock.now() < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }

            if warmup > 0 {
                let warm = LoadGenerator(api: api, senders: senderMemberships, size: size, runTag: "w\(tag)")
                await warm.closedLoop(duration: warmup, concurrency: 1)
                try await drain(until: expected(warm.records.withLock { $0 }))
            }
            let baseline = progress.deliveredCount
            receipts.withLock { $0 = [] }

            let load = LoadGenerator(api: api, senders: senderMemberships, size: size, runTag: "r\(tag)")
            log(rate > 0 ? "open loop: \(rate) msg/s for \(duration) s" : "closed loop: \(senderCount) senders x \(concurrency) for \(duration) s")
            let cpu0 = (serverPID.map { ProcessStats.cpuSeconds(pid: $0) }, dbPID.map(Self.treeCPU), ProcessStats.ownCPUSeconds(),
                        ProcessStats.machineJiffies(), MonotonicClock.now())
            if rate > 0 {
                await load.openLoop(rate: rate, duration: duration, maxInFlight: maxInFlight)
            } else {
                await load.closedLoop(duration: duration, concurrency: concurrency)
            }
            let sendEnd = MonotonicClock.now()
            let records = load.records.withLock { $0 }
            let expectedDeliveries = expected(records)
            try await drain(until: baseline + expectedDeliveries)
            let drained = MonotonicClock.now()
            let cpu1 = (serverPID.map { ProcessStats.cpuSeconds(pid: $0) }, dbPID.map(Self.treeCPU), ProcessStats.ownCPUSeconds(),
                        ProcessStats.machineJiffies(), MonotonicClock.now())
            let peakRSS = serverPID.flatMap { ProcessStats.statusKiB(pid: $0, field: "VmHWM") }
            tasks.cancelAll()

            // Join receipts with sends by the server's message id.
            let sent = Dictionary(records.map { ($0.messageId, $0) }, uniquingKeysWith: { a, _ in a })
            var seen = Set<[Int64]>(), e2e: [Double] = [], duplicates = 0, lastReceipt: UInt64 = 0
            for r in receipts.withLock({ $0 }) {
                guard let s = sent[r.messageId] else { continue }
                if !seen.insert([r.messageId, Int64(r.device)]).inserted { duplicates += 1; continue }
                e2e.append(Double(r.at &- s.start) / 1e6)
                lastReceipt = max(lastReceipt, r.at)
            }
            let sendLatency = Percentiles(records.map { Double($0.done &- $0.start) / 1e6 })
            let e2eP = Percentiles(e2e)
            let firstStart = records.map(\.start).min() ?? sendEnd
            let lastDone = records.map(\.done).max() ?? sendEnd
            let window = Double(cpu1.4 - cpu0.4) / 1e9
            let errors = load.errors.withLock { $0 }.merging(failures.withLock { $0 }, uniquingKeysWith: +)
            let busy = (cpu1.3.busy - cpu0.3.busy) / max(1, cpu1.3.total - cpu0.3.total)
            let backend = spawn ?? "external"
            let formatter = ISO8601DateFormatter()
            return BenchReport(
                label: label ?? "cove-\(backend)", backend: backend, mode: rate > 0 ? "open" : "closed", clients: clients, groups: groups,
                groupSize: groupSize, senders: senderCount, concurrency: rate > 0 ? nil : concurrency, sizeBytes: size,
                offeredRate: rate > 0 ? rate : nil, durationS: duration, decrypt: decrypt,
                attempted: records.count + load.errors.withLock { $0.values.reduce(0, +) },
                accepted: records.count, errors: load.errors.withLock { $0.values.reduce(0, +) }, errorKinds: errors,
                clientDropped: load.dropped.withLock { $0 },
                acceptedPerS: Double(records.count) / max(1e-9, Double(lastDone &- firstStart) / 1e9),
                expectedDeliveries: expectedDeliveries, delivered: e2e.count,
                deliveredPerS: Double(e2e.count) / max(1e-9, Double(max(lastReceipt, firstStart) - firstStart) / 1e9),
                lostDeliveries: expectedDeliveries - e2e.count, duplicateDeliveries: duplicates,
                e2eP50Ms: e2eP.value(50), e2eP99Ms: e2eP.value(99), e2eMaxMs: e2eP.max,
                sendP50Ms: sendLatency.value(50), sendP99Ms: sendLatency.value(99), sendMaxMs: sendLatency.max,
                serverPeakRSSMiB: peakRSS.map { Double($0) / 1024 },
                serverCPUPct: cpu0.0.flatMap { a in cpu1.0.map { 100 * ($0 - a) / window } },
                dbCPUPct: cpu0.1.flatMap { a in cpu1.1.map { 100 * ($0 - a) / window } },
                clientCPUPct: 100 * (cpu1.2 - cpu0.2) / window, machineBusyPct: 100 * busy,
                loadAverage: ProcessStats.loadAverage(), setupS: setupS, drainS: Double(drained - sendEnd) / 1e9,
                cores: ProcessInfo.processInfo.activeProcessorCount, timestamp: formatter.string(from: Date()))
        }
    }

    static func treeCPU(_ pid: Int32) -> Double {
        ProcessStats.withChildren(pid).reduce(0) { $0 + ProcessStats.cpuSeconds(pid: $1) }
    }
}
