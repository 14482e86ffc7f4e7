#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, started on a
/// unix socket only (no TCP port to collide on), stopped when the test process exits.
///
/// It needs the server binaries (Debian: `apt-get install postgresql`, found under
/// /usr/lib/postgresql/*/bin, on PATH, or in `COVE_PG_BIN`). As root, the cluster runs as the
/// `postgres` user because PostgreSQL refuses to run as root.
public actor PostgresTestCluster {
    public static let shared = PostgresTestCluster()

    public struct Info: Sendable {
        public var socketDirectory: String
        public var port: Int
        public var user: String
        public var binDirectory: String

        /// A `postgres://` URL for `database` (over the unix socket).
        public func url(database: String) -> String {
            "postgres://\(user)@localhost:\(port)/\(database)?host=\(socketDirectory)"
        }
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// True when the Postgres tests must run (CI): a missing PostgreSQL then fails them.
    public static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["CI"] == "true" || env["COVE_REQUIRE_POSTGRES"] == "1"
    }

    private var started: Result<Info, Unavailable>?
    private var databaseCounter = 0

    /// Starts the cluster once per process; throws ``Unavailable`` if PostgreSQL is not installed
    /// or does not start.
    public func start() throws -> Info {
        if let started { return try started.get() }
        let result: Result<Info, Unavailable>
        do { result = .success(try Self.launch()) } catch let e as Unavailable { result = .failure(e) } catch {
            result = .failure(Unavailable(description: "\(error)"))
        }
        started = result
        return try result.get()
    }

    /// A fresh, empty database's URL.
    public func createDatabase() throws -> String {
        let info = try start()
        databaseCounter += 1
        let name = "cove_test_\(getpid())_\(databaseCounter)_\(UInt32.random(in: 0 ... .max))"
        try Self.run(info.binDirectory + "/createdb", ["-h", info.socketDirectory, "-p", "\(info.port)", "-U", info.user, name])
        return info.url(database: name)
    }

    /// A plain-SQL dump of the database at `url` (made by ``createDatabase()``).
    public func dump(url: String) throws -> Data {
        let info = try start()
        guard let name = URLComponents(string: url)?.path.dropFirst(), !name.isEmpty else {
            throw Unavailable(description: "no database name in \(url)")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cove-dump-\(UUID().uuidString).sql").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Self.run([info.binDirectory + "/pg_dump", "-h", info.socketDirectory, "-p", "\(info.port)", "-U", info.user,
                      "-f", out, String(name)])
        return FileManager.default.contents(atPath: out) ?? Data()
    }

    nonisolated(unsafe) private static var stopArguments: [String]? = nil
    nonisolated(unsafe) private static var clusterDirectory: String? = nil

    static func binDirectory() -> String? {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["COVE_PG_BIN"] { return dir }
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for v in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
                let dir = "/usr/lib/postgresql/\(v)/bin"
                if fm.isExecutableFile(atPath: dir + "/initdb") { return dir }
            }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if fm.isExecutableFile(atPath: "\(dir)/initdb") && fm.isExecutableFile(atPath: "\(dir)/pg_ctl") { return String(dir) }
        }
        return nil
    }

    private static func launch() throws -> Info {
        guard let bin = binDirectory() else {
            throw Unavailable(description: "PostgreSQL server binaries (initdb, pg_ctl) not found; install the postgresql package")
        }
        let base = "/tmp/cove-pg-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let data = base + "/data"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        var prefix: [String] = []
        if geteuid() == 0 {
            guard let pw = getpwnam("postgres") else {
                throw Unavailable(description: "running as root and there is no postgres user to run the cluster as")
            }
            guard chown(base, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0 else {
                throw Unavailable(description: "cannot chown \(base) to postgres")
            }
            prefix = ["/usr/sbin/runuser", "-u", "postgres", "--"]
            if !FileManager.default.isExecutableFile(atPath: prefix[0]) { prefix[0] = "/sbin/runuser" }
        }
        let port = 5432
        try run(prefix + [bin + "/initdb", "-D", data, "-U", "cove", "--auth=trust", "-E", "UTF8", "--no-sync"])
        let options = "-k \(base) -c listen_addresses='' -p \(port) -c fsync=off -c max_connections=200"
        try run(prefix + [bin + "/pg_ctl", "-D", data, "-l", base + "/server.log", "-o", options, "-w", "-t", "60", "start"])
        stopArguments = prefix + [bin + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"]
        clusterDirectory = base
        atexit {
            if let args = PostgresTestCluster.stopArguments {
                try? PostgresTestCluster.run(args)
            }
            if let dir = PostgresTestCluster.clusterDirectory {
                try? FileManager.default.removeItem(atPath: dir)
            }
        }
        return Info(socketDirectory: base, port: port, user: "cove", binDirectory: bin)
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        try run([executable] + arguments)
    }

    /// Runs `command` through `system(3)` and waits for it. Not Foundation's `Process`: on Linux
    /// its exit detection can wait for descendants, and `pg_ctl start` leaves the server running.
    static func run(_ command: [String]) throws {
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("cove-pg-cmd-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system(quoted + " </dev/null >'\(logPath)' 2>&1")
        guard status == 0 else {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw Unavailable(description: "\(command.joined(separator: " ")) failed (\(status)): \(text.suffix(2000))")
        }
    }
}
