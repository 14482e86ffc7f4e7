import Foundation
import MLSTestSupport

// mls-vectors FILE.json [FILE.json ...]
// Detects each file's vector family from its content, runs it, prints
// `FILE: N passed, N failed, N skipped`, and exits non-zero on any failure.
// `-v` also prints each failure and skip reason.

var arguments = Array(CommandLine.arguments.dropFirst())
let verbose = arguments.contains("-v") || arguments.contains("--verbose")
arguments.removeAll { $0 == "-v" || $0 == "--verbose" }

guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("usage: mls-vectors [-v] FILE.json [FILE.json ...]\n".utf8))
    exit(2)
}

var anyFailure = false
for path in arguments {
    do {
        let report = try VectorRunner.run(file: URL(fileURLWithPath: path))
        print("\(path): \(report.passed) passed, \(report.failed) failed, \(report.skipped) skipped")
        if report.failed > 0 || report.passed == 0 { anyFailure = true }
        if verbose {
            for reason in report.skipReasons.sorted() { print("  skipped: \(reason)") }
            for failure in report.failures { print("  failed: \(failure)") }
        }
    } catch {
        print("\(path): error: \(error)")
        anyFailure = true
    }
}
exit(anyFailure ? 1 : 0)
