#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How a child process ended.
public enum ChildExit: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)

    /// The exit code, or the signal number (as `Process.terminationStatus` reports it).
    public var status: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): signal
        }
    }

    /// Whether the process with `pid`, a child of this one, has ended, read with
    /// `waitid(WNOWAIT)`: the child is left for `Process` to reap.
    ///
    /// Why not `Process.isRunning` alone: on Linux, `Process` learns that its child ended when
    /// a socket it shares with the child reaches end-of-file. A process forked by the child, or
    /// spawned by another test at the same moment, can hold that socket open; then `isRunning`
    /// stays true and `waitUntilExit()` blocks for good although the child is a zombie
    /// (swift-corelibs-foundation#4795). A test must fail or finish, never hang.
    public static func peek(_ pid: pid_t) -> ChildExit? {
        #if canImport(Glibc)
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
              info._sifields._sigchld.si_pid == pid else { return nil }
        let value = info._sifields._sigchld.si_status
        return info.si_code == CLD_EXITED ? .exited(value) : .signaled(value)
        #else
        return nil
        #endif
    }
}

extension Process {
    /// How the child ended, if it has, whether or not `Process` has noticed yet.
    public var childExit: ChildExit? {
        if !isRunning {
            return terminationReason == .uncaughtSignal ? .signaled(terminationStatus) : .exited(terminationStatus)
        }
        // Reaped by `Process` between the two reads: ECHILD now, `isRunning` false next time.
        return ChildExit.peek(processIdentifier)
    }

    /// Polls until the child has ended, at most `timeout` seconds; nil if it is still running.
    public func waitForExit(timeout: Double) async -> ChildExit? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let exit = childExit { return exit }
            if Date() >= deadline { return nil }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// The blocking form of ``waitForExit(timeout:)``, for `deinit` and other synchronous code.
    public func waitForExitBlocking(timeout: Double) -> ChildExit? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let exit = childExit { return exit }
            if Date() >= deadline { return nil }
            usleep(20_000)
        }
    }
}
