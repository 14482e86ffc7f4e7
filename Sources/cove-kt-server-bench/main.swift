// cove-kt-server-bench: the server's key-transparency log through the real SQL store
// (docs/PERFORMANCE.md, "Key transparency log").
//
//   swift build -c release --product cove-kt-server-bench
//   .build/release/cove-kt-server-bench sqlite   2000 1000000
//   .build/release/cove-kt-server-bench postgres 2000 1000000   # throwaway cluster (initdb)
//
// 1. APPENDS registrations through `createAccount` (each one durable transaction: account,
//    device, log entry, nodes, signed checkpoint), sequential and 8 concurrent.
// 2. Grows the log to LOGSIZE: devices are bulk-inserted with plain SQL, then
//    `openTransparencyLog` appends their entries (the upgrade backfill path, one transaction).
// 3. Proof costs from the persisted tree: per-device inclusion proofs as the answers build
//    them, inclusion by index, consistency proofs; and the bytes a client downloads per key.
import CoveProtocol
import CoveServer
import CoveServerPostgres
import CoveServerSQLite
import CoveTestSupport
import CoveTransparency
import Foundation
import Logging

struct LCG {
    var state: UInt64
    mutating func next(_ bound: UInt64) -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (state >> 11) % bound
    }
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

func key(_ i: Int) -> [UInt8] {
    var k = [UInt8](repeating: 0xAB, count: 32)
    withUnsafeBytes(of: UInt64(i).bigEndian) { for (j, b) in $0.enumerated() { k[j] = b } }
    return k
}

func device(_ i: Int, _ prefix: String) -> DeviceRecord {
    DeviceRecord(id: "\(prefix)-device-\(i)", accountId: "\(prefix)-acc-\(i)", username: "\(prefix)user\(i)", name: "bench",
                 signatureKey: key(prefix == "b" ? i + (1 << 40) : i), createdAt: Int64(1_700_000_000_000 + i))
}

func run<D: SQLDatabase>(_ store: SQLCoveStore<D>, backend: String, appends: Int, logSize: Int) async throws {
    // 1. Appends through the store.
    var clock = ContinuousClock.now
    for i in 0..<appends {
        let d = device(i, "s")
        try await store.createAccount(id: d.accountId, username: d.username, firstDevice: d)
    }
    var elapsed = seconds(ContinuousClock.now - clock)
    print("[\(backend)] sequential registrations (1 append each): \(appends) in \(fmt(elapsed)) s = \(fmt(Double(appends) / elapsed))/s")
    clock = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<8 {
            group.addTask {
                for i in stride(from: worker, to: appends, by: 8) {
                    let d = device(appends + i, "s")
                    try await store.createAccount(id: d.accountId, username: d.username, firstDevice: d)
                }
            }
        }
        try await group.waitForAll()
    }
    elapsed = seconds(ContinuousClock.now - clock)
    print("[\(backend)] 8 concurrent registration loops: \(appends) in \(fmt(elapsed)) s = \(fmt(Double(appends) / elapsed))/s")

    // 2. Grow the log: bulk devices, then the backfill appends their entries.
    let existing = 2 * appends
    let missing = max(0, logSize - existing)
    clock = ContinuousClock.now
    let batch = 400
    for start in stride(from: 0, to: missing, by: batch * 25) {
        try await store.database.transaction { db in
            for chunk in stride(from: start, to: min(missing, start + batch * 25), by: batch) {
                let ids = chunk..<min(missing, chunk + batch)
                var accounts: [SQLValue] = [], devices: [SQLValue] = []
                var accountRows: [String] = [], deviceRows: [String] = []
                for (n, i) in ids.enumerated() {
                    let d = device(i, "b")
                    accountRows.append("($\(3 * n + 1), $\(3 * n + 2), $\(3 * n + 3))")
                    accounts += [.text(d.accountId), .text(d.username), .int(d.createdAt)]
                    deviceRows.append("($\(5 * n + 1), $\(5 * n + 2), $\(5 * n + 3), $\(5 * n + 4), $\(5 * n + 5))")
                    devices += [.text(d.id), .text(d.accountId), .text(d.name), .blob(d.signatureKey), .int(d.createdAt)]
                }
                try await db.query("INSERT INTO accounts (id, username, created_at) VALUES \(accountRows.joined(separator: ", "))", accounts)
                try await db.query("INSERT INTO devices (id, account_id, name, signature_key, created_at) VALUES \(deviceRows.joined(separator: ", "))", devices)
            }
        }
    }
    print("[\(backend)] bulk-inserted \(missing) devices in \(fmt(seconds(ContinuousClock.now - clock))) s")
    clock = ContinuousClock.now
    _ = try await store.openTransparencyLog(now: 1_800_000_000_000)
    elapsed = seconds(ContinuousClock.now - clock)
    let head = try await store.latestCheckpoint()
    print("[\(backend)] backfill appended \(missing) entries in one transaction in \(fmt(elapsed)) s = \(fmt(Double(missing) / elapsed))/s; log size \(head.checkpoint.size)")

    // 3. Proofs from the persisted tree.
    let size = head.checkpoint.size
    var rng = LCG(state: 42)
    let rounds = 1000
    var proofBytes = 0, proofHashes = 0, jsonBytes = 0
    clock = ContinuousClock.now
    for _ in 0..<rounds {
        let i = Int(rng.next(UInt64(missing)))
        let proofs = try await store.deviceInclusions(deviceIds: [device(i, "b").id])
        guard let inclusion = proofs.byDevice.values.first else { throw CocoaError(.coderValueNotFound) }
        proofHashes += inclusion.proof.count
        proofBytes += inclusion.proof.count * 32 + inclusion.entry.count + proofs.checkpoint.mlsEncoded.count
        let wire = LogInclusion(index: inclusion.index, entry: Base64Bytes(inclusion.entry), proof: inclusion.proof.map(Base64Bytes.init))
        jsonBytes += try JSONEncoder().encode(wire).count + (proofs.checkpoint.mlsEncoded.count + 2) / 3 * 4 + 16
    }
    elapsed = seconds(ContinuousClock.now - clock)
    print("[\(backend)] device inclusion proof (as answers build it, 1 transaction) at \(size): \(fmt(elapsed / Double(rounds) * 1e6)) µs mean over \(rounds); \(Double(proofHashes) / Double(rounds)) hashes, \(proofBytes / rounds) bytes binary (proof + entry + checkpoint), \(jsonBytes / rounds) bytes JSON")
    clock = ContinuousClock.now
    for _ in 0..<rounds {
        let index = rng.next(size)
        _ = try await store.inclusionProof(index: index, treeSize: size)
    }
    elapsed = seconds(ContinuousClock.now - clock)
    print("[\(backend)] inclusion proof by index at \(size): \(fmt(elapsed / Double(rounds) * 1e6)) µs mean")
    clock = ContinuousClock.now
    var consistencyHashes = 0
    for _ in 0..<rounds {
        let old = 1 + rng.next(size - 1)
        consistencyHashes += try await store.consistencyProof(from: old, to: size).count
    }
    elapsed = seconds(ContinuousClock.now - clock)
    print("[\(backend)] consistency proof (random old size -> \(size)): \(fmt(elapsed / Double(rounds) * 1e6)) µs mean; \(Double(consistencyHashes) / Double(rounds)) hashes")
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let appends = Int(arguments[2]), let logSize = Int(arguments[3]), appends > 0, logSize >= 2 * appends + 2 else {
    print("usage: cove-kt-server-bench sqlite|postgres APPENDS LOGSIZE   (LOGSIZE >= 2*APPENDS + 2)")
    exit(2)
}
var logger = Logger(label: "bench")
logger.logLevel = .error
switch arguments[1] {
case "sqlite":
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-kt-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let db = try await CoveSQLiteDatabase.open(directory: dir, logger: logger)
    do {
        try await run(SQLCoveStore(database: db), backend: "sqlite", appends: appends, logSize: logSize)
    } catch {
        print("failed: \(error)")
        try await db.close()
        exit(1)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: dir + "/cove.sqlite")[.size] as? Int) ?? 0
    print("[sqlite] database file: \(bytes / 1_000_000) MB")
    try await db.close()
case "postgres":
    let url = try await PostgresTestCluster.shared.createDatabase()
    let db = try CovePostgresDatabase(url: url, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await db.run() }
        try await db.migrate()
        do {
            try await run(SQLCoveStore(database: db), backend: "postgres", appends: appends, logSize: logSize)
        } catch {
            print("failed: \(error)")
        }
        group.cancelAll()
    }
default:
    print("backend must be sqlite or postgres")
    exit(2)
}
