import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program with `posix_spawn` instead of `Foundation.Process`, for programs that
/// leave a daemon behind (the tmux server).
///
/// Why not `Process`: on Linux, `Process` learns that its child ended when a socket it hands to
/// the child reaches end-of-file, and it lets the child inherit its other descriptors too. A
/// daemon forked by the child (tmux's server, started by the first `new-session`) inherits that
/// socket and the test's pipes and keeps them open for its whole life, so `waitUntilExit()` never
/// returns although the child is long gone (a zombie). Here the child gets /dev/null on stdin,
/// a file (or /dev/null) on stdout and stderr, no other descriptor (`closefrom(3)`), an empty
/// signal mask and default signal handlers, and the test reaps it with `waitpid`.
enum Spawn {
    struct Failed: Error, CustomStringConvertible { var description: String }

    /// Runs `path` with `arguments` and `environment`; stdout and stderr go to `outputPath` (or
    /// /dev/null). Returns the exit status (128 + signal number if it was killed). Polls without
    /// blocking a thread; `timeout` is a guard against a hang (the child is then killed).
    static func run(_ path: String, _ arguments: [String], environment: [String: String],
                    outputPath: String?, timeout: Double = 60) async throws -> Int32 {
        let pid = try start(path, arguments, environment: environment, outputPath: outputPath)
        var status: Int32 = 0
        let finished = await eventually(timeout: timeout) {
            waitpid(pid, &status, WNOHANG) == pid
        }
        guard finished else {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw Failed(description: "\(path) \(arguments.joined(separator: " ")) did not finish")
        }
        return exitStatus(status)
    }

    /// Like ``run(_:_:environment:outputPath:timeout:)`` but blocking, for cleanup in `defer`
    /// (a command that is known to be quick, such as `tmux kill-server`).
    static func runBlocking(_ path: String, _ arguments: [String], environment: [String: String]) -> Int32? {
        guard let pid = try? start(path, arguments, environment: environment, outputPath: nil) else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return nil }
        }
        return exitStatus(status)
    }

    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc 2.34+ has `posix_spawn_file_actions_addclosefrom_np`, but only under _GNU_SOURCE, which
    /// the Glibc module does not set: look it up at run time, else close what /proc/self/fd lists.
    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t) throws {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            guard closeFrom(&actions, 3) == 0 else { throw Failed(description: "addclosefrom_np failed") }
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    private static func start(_ path: String, _ arguments: [String], environment: [String: String],
                              outputPath: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeOthers(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The calling thread may be a dispatch worker with most signals blocked; a daemon must not
        // inherit that mask (nor an ignored SIGPIPE, SIGINT, ...).
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw Failed(description: "posix_spawn \(path) failed: \(result)") }
        return pid
    }
}
