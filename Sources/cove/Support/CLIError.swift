/// An error the CLI itself detects (bad input, uninitialized home, a daemon request it cannot
/// serve). Printed as `error: MESSAGE` and `hint: HINT`; neither ever holds a secret or message text.
struct CLIError: Error, Sendable, CustomStringConvertible {
    /// A stable code for programs (`--json` and the daemon report it).
    var code: String
    var message: String
    var hint: String
    /// The process exit status: 64 (EX_USAGE) for usage errors, 1 otherwise.
    var exitCode: Int32 = 1

    init(_ code: String, _ message: String, hint: String, exitCode: Int32 = 1) {
        self.code = code
        self.message = message
        self.hint = hint
        self.exitCode = exitCode
    }

    var description: String { message }

    static func usage(_ message: String, hint: String) -> CLIError {
        CLIError("cli.usage", message, hint: hint, exitCode: 64)
    }
}
