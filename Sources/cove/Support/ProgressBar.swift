#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A one-line progress bar on stderr for file transfers: name, bar, bytes done of total, rate
/// and time left, redrawn in place (`\r`) at most ten times a second. It draws only when stderr
/// is a terminal, so pipes, logs and `--json` consumers never see it.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var firstDone: Int64?
    private var drawn = false
    private let enabled: Bool

    /// A bar for `label` (the file name), active iff stderr is a terminal.
    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = EventFormatter.sanitized(label).replacingOccurrences(of: "\n", with: " ")
        self.enabled = enabled
    }

    /// Records progress; redraws if enough time passed (always for the final update).
    func update(done: Int64, total: Int64) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if firstDone == nil { firstDone = done }
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        drawn = true
        let line = Self.line(label: label, done: done, total: total, resumedAt: firstDone ?? 0, elapsed: now - start, width: Self.width())
        Output.write("\r" + line + "\u{1B}[K", to: FileHandle.standardError)
    }

    /// Ends the bar's line (so the next output starts on a fresh one).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { Output.write("\n", to: FileHandle.standardError) }
        drawn = false
    }

    /// The text of the bar. The rate counts only bytes moved by this run (a resumed transfer
    /// does not look faster than it is).
    static func line(label: String, done: Int64, total: Int64, resumedAt: Int64, elapsed: Duration, width: Int) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0.2 ? Double(max(0, done - resumedAt)) / seconds : 0
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let left = rate > 0 && done < total ? duration(Double(total - done) / rate) : (done >= total ? "done" : "--:--")
        let numbers = "\(bytes(done))/\(bytes(total))  \(bytes(Int64(rate)))/s  \(left)"
        let name = label.count > 24 ? String(label.prefix(23)) + "…" : label
        let barWidth = max(10, min(40, width - name.count - numbers.count - 8))
        let filled = Int(fraction * Double(barWidth))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled)
        return "\(name) [\(bar)] \(Int(fraction * 100))% \(numbers)"
    }

    /// Binary units, one decimal: `512 B`, `1.5 KiB`, `12.0 MiB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 360_000 else { return "--:--" }
        let total = Int(seconds.rounded(.up))
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    private static func width() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
