#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal on stdin into character-at-a-time mode without echo (the chat draws its own
/// input line) and restores the saved settings exactly once.
final class TerminalMode: @unchecked Sendable {
    private var saved = termios()
    private var active = false

    /// Nil when stdin is not a terminal.
    init?() {
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        // No line buffering, no echo, Ctrl-C/Ctrl-Z as bytes (so the terminal is always restored);
        // output processing stays on, so "\n" still returns the carriage.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 else { return nil }
        active = true
    }

    func restore() {
        guard active else { return }
        active = false
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
    }

    deinit { restore() }
}
