import ArgumentParser

/// Turns an ArgumentParser error (mistyped command, missing argument, unknown option) into the
/// CLI's one-line `error:` and `hint:`, with a suggestion when a command name is close to a real one.
enum UsageErrorReport {
    /// Options that take a value anywhere on the command line (so their value is not a command name).
    static let globalOptionsWithValue: Set<String> = ["--home", "--passphrase-file"]

    static func make(for error: any Error, arguments: [String]) -> ErrorReport {
        let walk = CommandWalk(arguments: arguments)
        let path = (["cove"] + walk.path).joined(separator: " ")
        if let unknown = walk.unknownSubcommand {
            let names = walk.subcommandNames
            let hint: String
            if let best = closest(to: unknown, in: names) {
                hint = "did you mean '\(path) \(best)'? Commands: \(names.joined(separator: ", "))"
            } else {
                hint = "'\(path)' has these commands: \(names.joined(separator: ", ")); see '\(path) --help'"
            }
            return ErrorReport(code: "cli.unknown_command", message: "unknown command '\(unknown)'", hint: hint, exitCode: 64)
        }
        var message = Cove.message(for: error)
        for prefix in ["Error: ", "error: "] where message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
        var lines = message.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        var hint = "see '\(path) --help'"
        // ArgumentParser adds its own suggestion for a near-miss option on a second line or after ". ".
        if let suggestion = lines.firstIndex(where: { $0.contains("Did you mean") || $0.contains("did you mean") }) {
            let line = lines.remove(at: suggestion)
            if let range = line.range(of: "Did you mean") ?? line.range(of: "did you mean") {
                let tail = line[range.lowerBound...].replacingFirst("Did you mean", with: "did you mean")
                hint = "\(tail) See '\(path) --help'"
                let head = line[..<range.lowerBound].trimmingTrailingPunctuationAndSpace()
                if !head.isEmpty { lines.insert(head, at: suggestion) }
            }
        }
        let first = lines.first.map { lowercasingFirst($0) } ?? "invalid command line"
        return ErrorReport(code: "cli.usage", message: first, hint: hint, exitCode: 64)
    }

    /// The closest name by edit distance, if it is close enough to be a plausible typo.
    static func closest(to word: String, in names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (name, distance) = scored, distance <= max(2, name.count / 3) else { return nil }
        return name
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    private static func lowercasingFirst(_ s: String) -> String {
        guard let first = s.first, first.isUppercase, !(s.dropFirst().first?.isUppercase ?? false) else { return s }
        return first.lowercased() + s.dropFirst()
    }

    /// Follows the command names on a command line through the command tree.
    struct CommandWalk {
        var path: [String] = []
        var unknownSubcommand: String?
        var subcommandNames: [String] = []

        init(arguments: [String]) {
            var command: any ParsableCommand.Type = Cove.self
            var index = 0
            while index < arguments.count {
                let token = arguments[index]
                index += 1
                if token == "--" { break }
                if token.hasPrefix("-") {
                    if UsageErrorReport.globalOptionsWithValue.contains(token) { index += 1 }
                    continue
                }
                let subcommands = command.configuration.subcommands
                guard !subcommands.isEmpty else { break }
                let names = subcommands.map { $0._commandName }
                if let match = subcommands.first(where: { $0._commandName == token || $0.configuration.aliases.contains(token) }) {
                    path.append(match._commandName)
                    command = match
                } else {
                    unknownSubcommand = token
                    subcommandNames = names
                    break
                }
            }
        }
    }
}

private extension Substring {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return String(self) }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }

    func trimmingTrailingPunctuationAndSpace() -> String {
        var s = self
        while let last = s.last, last == " " || last == "." { s.removeLast() }
        return String(s)
    }
}
