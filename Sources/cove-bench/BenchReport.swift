import Foundation

/// The result of one run: what `--json` prints (one object) and what the table shows.
struct BenchReport: Codable, Sendable {
    var label: String
    var backend: String
    var mode: String
    var clients: Int
    var groups: Int
    var groupSize: Int
    var senders: Int
    var concurrency: Int?
    var sizeBytes: Int
    var offeredRate: Double?
    var durationS: Double
    var decrypt: Bool
    var attempted: Int
    var accepted: Int
    var errors: Int
    var errorKinds: [String: Int]
    var clientDropped: Int
    var acceptedPerS: Double
    var expectedDeliveries: Int
    var delivered: Int
    var deliveredPerS: Double
    var lostDeliveries: Int
    var duplicateDeliveries: Int
    var e2eP50Ms: Double?
    var e2eP99Ms: Double?
    var e2eMaxMs: Double?
    var sendP50Ms: Double?
    var sendP99Ms: Double?
    var sendMaxMs: Double?
    var serverPeakRSSMiB: Double?
    var serverCPUPct: Double?
    var dbCPUPct: Double?
    var clientCPUPct: Double
    var machineBusyPct: Double
    var loadAverage: String
    var setupS: Double
    var drainS: Double
    var cores: Int
    var timestamp: String

    static var columns: [(String, Int, (BenchReport) -> String)] { [
        ("label", 14, { $0.label }),
        ("mode", 6, { $0.mode }),
        ("clients", 7, { "\($0.clients)" }),
        ("groups", 6, { "\($0.groups)x\($0.groupSize)" }),
        ("rate", 6, { $0.offeredRate.map { fmt($0, 0) } ?? "max" }),
        ("accepted/s", 10, { fmt($0.acceptedPerS, 1) }),
        ("deliv/s", 9, { fmt($0.deliveredPerS, 1) }),
        ("e2e p50", 8, { fmt($0.e2eP50Ms, 2) }),
        ("e2e p99", 8, { fmt($0.e2eP99Ms, 2) }),
        ("e2e max", 8, { fmt($0.e2eMaxMs, 1) }),
        ("send p50", 8, { fmt($0.sendP50Ms, 2) }),
        ("send p99", 8, { fmt($0.sendP99Ms, 2) }),
        ("err", 4, { "\($0.errors + $0.clientDropped)" }),
        ("lost", 5, { "\($0.lostDeliveries)" }),
        ("RSS MiB", 7, { fmt($0.serverPeakRSSMiB, 1) }),
        ("srv%", 5, { fmt($0.serverCPUPct, 0) }),
        ("db%", 4, { fmt($0.dbCPUPct, 0) }),
        ("cli%", 5, { fmt($0.clientCPUPct, 0) }),
        ("busy%", 5, { fmt($0.machineBusyPct, 0) }),
    ] }

    static func fmt(_ v: Double?, _ digits: Int) -> String {
        guard let v else { return "-" }
        return String(format: "%.\(digits)f", v)
    }

    static func table(_ reports: [BenchReport]) -> String {
        let header = columns.map { pad($0.0, $0.1) }.joined(separator: " ")
        let rows = reports.map { r in columns.map { pad($0.2(r), $0.1) }.joined(separator: " ") }
        return ([header] + rows).joined(separator: "\n")
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
