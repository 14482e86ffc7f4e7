import CoveClient
import Foundation

/// The two lines (`error:` and `hint:`) and exit status the CLI shows for any error.
///
/// Messages are flattened to one line each; an error of an unknown type is named by its type
/// only, because its description might carry data the user did not mean to print.
struct ErrorReport: Sendable, Equatable {
    var code: String
    var message: String
    var hint: String
    var exitCode: Int32

    init(code: String, message: String, hint: String, exitCode: Int32) {
        self.code = code
        self.message = Self.oneLine(message)
        self.hint = Self.oneLine(hint)
        self.exitCode = exitCode
    }

    init(_ error: any Error) {
        switch error {
        case let e as CLIError:
            self.init(code: e.code, message: e.message, hint: e.hint, exitCode: e.exitCode)
        case let e as CoveClientError:
            self.init(code: e.code.rawValue, message: e.message,
                      hint: e.hint ?? Self.defaultHint(for: e.code.rawValue), exitCode: 1)
        case is CancellationError:
            self.init(code: "cli.cancelled", message: "cancelled", hint: "run the command again", exitCode: 130)
        default:
            self.init(code: "cli.unexpected", message: "unexpected error (\(String(reflecting: type(of: error))))",
                      hint: "run the command again; if it persists, report it with the command you ran",
                      exitCode: 1)
        }
    }

    /// The `error:`/`hint:` lines, each ending in a newline.
    var text: String { "error: \(message)\nhint: \(hint)\n" }

    /// The JSON form (`--json` prints it on stderr, the daemon in JSON-RPC error data).
    var json: JSONValue {
        .object([("code", .string(code)), ("message", .string(message)), ("hint", .string(hint))])
    }

    private static func defaultHint(for code: String) -> String {
        if code.hasPrefix("server.") || code.hasPrefix("network.") {
            return "check the server URL and that the server is running"
        }
        return "run the command with --help to see how it is used"
    }

    static func oneLine(_ text: String) -> String {
        let parts = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
        let joined = parts.filter { !$0.isEmpty }.joined(separator: " ")
        return joined.isEmpty ? "unknown error" : joined
    }
}
