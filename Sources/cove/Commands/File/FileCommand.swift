import ArgumentParser
import CoveClient

/// `cove file send|get`: encrypted attachments (issue 5).
struct FileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Send files to a user or group, and fetch files sent to you (end-to-end encrypted).",
        discussion: """
            Files are encrypted on this device under a fresh key that only the conversation's members
            receive; the server stores ciphertext only. Transfers resume: if one is interrupted, run
            the same command again.
            """,
        subcommands: [FileSendCommand.self, FileGetCommand.self]
    )

    @OptionGroup var global: GlobalOptions
}

/// `--limit-rate` values: bytes per second, with an optional k/m/g suffix (powers of 1024), as curl takes them.
enum RateOption {
    static func parse(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let multipliers: [Character: Int64] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        var digits = Substring(lower)
        var multiplier: Int64 = 1
        if let last = lower.last, let m = multipliers[last] {
            multiplier = m
            digits = lower.dropLast()
        }
        guard let value = Int64(digits), value > 0, value <= Int64.max / multiplier else {
            throw CLIError.usage("'\(text)' is not a rate", hint: "give bytes per second, e.g. --limit-rate 500k or --limit-rate 2m")
        }
        return value * multiplier
    }
}

extension Session {
    /// The SDK's progress callback driving `bar` (a no-op unless stderr is a terminal).
    static func progress(_ bar: ProgressBar) -> @Sendable (TransferProgress) -> Void {
        { bar.update(done: $0.done, total: $0.total) }
    }
}
