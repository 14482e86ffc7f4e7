import Foundation

/// Where a command's results go: human lines by default, one JSON object per line with `--json`.
///
/// Every line is written with one `write(2)` as soon as it is ready (no stdio buffering), so a
/// program reading a pipe sees each event when it happens, and lines from concurrent tasks never
/// interleave.
struct Output: Sendable {
    var json: Bool

    /// One line for people (ignored in JSON mode).
    func human(_ line: String) {
        guard !json else { return }
        Self.write(line + "\n", to: FileHandle.standardOutput)
    }

    /// One JSON object for programs (ignored in human mode).
    func machine(_ object: JSONValue) {
        guard json else { return }
        Self.write(object.encodedLine(), to: FileHandle.standardOutput)
    }

    /// The human line or the JSON object, whichever the mode asks for.
    func emit(human line: @autoclosure () -> String, json object: @autoclosure () -> JSONValue) {
        if json { machine(object()) } else { human(line()) }
    }

    /// A line on stderr (progress, prompts, errors): never mixed into machine output.
    static func diagnostic(_ line: String) {
        write(line + "\n", to: FileHandle.standardError)
    }

    static func write(_ text: String, to handle: FileHandle) {
        // A closed pipe (the reader went away) is not worth a crash; SIGPIPE is ignored at start.
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
