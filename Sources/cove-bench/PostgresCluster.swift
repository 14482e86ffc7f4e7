#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A private PostgreSQL cluster for one benchmark run: `initdb` in a temporary directory, a unix
/// socket only (no TCP), stock durability settings (fsync and synchronous_commit on, unlike the
/// test cluster), stopped and deleted by ``stop()``. As root it runs as the `postgres` user.
final class PostgresCluster: @unchecked Sendable {
    let base: String
    let url: String
    private let prefix: [String]
    private let bin: String

    struct Failed: Error, CustomStringConvertible { var description: String }

    init() throws {
        guard let bin = Self.binDirectory() else { throw Failed(description: "initdb/pg_ctl not found (apt-get install postgresql)") }
        self.bin = bin
        base = "/tmp/cove-bench-pg-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var prefix: [String] = []
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres"), chown(base, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
                throw Failed(description: "running as root needs a postgres user to own the cluster")
            }
            prefix = [FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") ? "/usr/sbin/runuser" : "/sbin/runuser", "-u", "postgres", "--"]
        }
        self.prefix = prefix
        let port = 5432
        try Self.run(prefix + [bin + "/initdb", "-D", base + "/data", "-U", "cove", "--auth=trust", "-E", "UTF8"])
        let options = "-k \(base) -c listen_addresses='' -p \(port) -c max_connections=100"
        try Self.run(prefix + [bin + "/pg_ctl", "-D", base + "/data", "-l", base + "/server.log", "-o", options, "-w", "-t", "60", "start"])
        try Self.run(prefix + [bin + "/createdb", "-h", base, "-p", "\(port)", "-U", "cove", "cove"])
        url = "postgres://cove@localhost:\(port)/cove?host=\(base)"
    }

    /// The postmaster's pid (its backends are its children).
    var postmasterPID: Int32? {
        guard let text = try? String(contentsOfFile: base + "/data/postmaster.pid", encoding: .utf8) else { return nil }
        return Int32(text.split(separator: "\n").first ?? "")
    }

    func stop() {
        try? Self.run(prefix + [bin + "/pg_ctl", "-D", base + "/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: base)
    }

    static func binDirectory() -> String? {
        if let dir = ProcessInfo.processInfo.environment["COVE_PG_BIN"] { return dir }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(v)/bin/initdb") {
            return "/usr/lib/postgresql/\(v)/bin"
        }
        return nil
    }

    /// Through system(3): `pg_ctl start` leaves the server running, which Foundation's Process
    /// on Linux can mistake for a child still holding the pipes.
    static func run(_ command: [String]) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("cove-bench-pg-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system(quoted + " </dev/null >'\(log)' 2>&1")
        guard status == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failed(description: "\(command.joined(separator: " ")) failed (\(status)): \(text.suffix(1000))")
        }
    }
}
