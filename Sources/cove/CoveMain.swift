import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry point: parses, runs, and turns every failure into `error:` + `hint:` lines on stderr
/// and a non-zero exit status (never a stack trace).
@main
enum CoveMain {
    static func main() async {
        // A reader that goes away (`cove receive --follow | head`) must not kill us mid-write.
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        let command: any ParsableCommand
        do {
            command = try Cove.parseAsRoot(arguments)
        } catch {
            // Help, --version and completion scripts are "errors" that exit 0: let ArgumentParser print them.
            if Cove.exitCode(for: error) == .success { Cove.exit(withError: error) }
            report(UsageErrorReport.make(for: error, arguments: arguments))
        }
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
            exit(0)
        } catch {
            // `cove help ...` parses to ArgumentParser's help command, whose run() "fails" with the help text.
            if Cove.exitCode(for: error) == .success { Cove.exit(withError: error) }
            if let code = error as? ExitCode { exit(code.rawValue) }
            if error is ValidationError || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
                report(UsageErrorReport.make(for: error, arguments: arguments))
            }
            report(ErrorReport(error))
        }
    }

    /// Prints the two lines on stderr and exits with the report's status.
    static func report(_ report: ErrorReport) -> Never {
        Output.write(report.text, to: FileHandle.standardError)
        exit(report.exitCode)
    }
}
