import Foundation
import Testing

/// The README's quick start, run as written: every `cove` line of its shell blocks, in order, with
/// only the server URL and the `/tmp/...` paths replaced by this test's (so it can run beside other
/// tests). If the README and the CLI drift apart, this fails.
@Suite(.serialized) struct ReadmeQuickStartTests {
    static var readme: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        }
    }

    /// The lines of the `sh` blocks between "## Quick start" and the next section.
    static func quickStartLines() throws -> [String] {
        let text = try readme
        guard let start = text.range(of: "## Quick start") else { return [] }
        let section = text[start.upperBound...].components(separatedBy: "\n## ").first ?? ""
        var lines: [String] = []
        var inShell = false
        for line in section.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                inShell = line == "```sh"
                continue
            }
            if inShell { lines.append(line) }
        }
        return lines
    }

    /// Splits a shell line into words: double and single quotes group, a ` #` starts a comment.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inWord = true
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "#" where !inWord:
                return words
            default:
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    @Test func quickStartWorksAsWritten() async throws {
        let lines = try Self.quickStartLines()
        #expect(lines.contains { $0.hasPrefix("swift run cove-server") && $0.contains("http://127.0.0.1:8080") })
        let server = try await CLIServer()
        let homes = try TranscriptTests.Homes()
        func adapt(_ word: String) -> String {
            word.replacingOccurrences(of: "http://127.0.0.1:8080", with: server.baseURL)
                .replacingOccurrences(of: "/tmp/", with: homes.root + "/")
        }

        var ran: [String] = []
        var daemon: CoveBackground?
        var socketPath: String?
        for (index, line) in lines.enumerated() where line.hasPrefix("cove ") {
            var words = Self.words(line).map(adapt)
            let background = words.last == "&"
            if background { words.removeLast() }
            let arguments = Array(words.dropFirst())
            let command = arguments.first { !$0.hasPrefix("-") && !$0.hasPrefix("/") } ?? ""
            ran.append(arguments.joined(separator: " "))
            if background {
                // The daemon: then the README's request line goes to its socket.
                let started = try CoveBackground(arguments)
                _ = try await started.waitForLine { $0.contains("listening on") }
                daemon = started
                socketPath = arguments.last
                let request = lines[index...].first { $0.hasPrefix("printf") }.flatMap { Self.words($0).dropFirst(2).first }
                let client = try SocketClient(path: try #require(socketPath))
                try client.send(try #require(request, "no printf request line after the daemon"))
                let reply = try await client.waitFor { $0["id"] as? Int == 1 }
                #expect(reply["result"] != nil, "\(line): \(reply)")
            } else if arguments.contains("--follow") {
                let follow = try CoveBackground(arguments)
                _ = await eventually(timeout: 5) { !follow.process.isRunning }
                #expect(follow.process.isRunning, "\(line): \(follow.stderr.text)")
                #expect(await follow.interrupt() == 0, "\(line): \(follow.stderr.text)")
            } else if command == "chat" {
                let chat = try await CoveRun.run(arguments, stdin: "hello from the readme\n/quit\n")
                #expect(chat.status == 0, "\(line): \(chat)")
                #expect(chat.stdout.contains("Chatting in"), "\(chat)")
            } else {
                let result = try await CoveRun.run(arguments)
                #expect(result.status == 0, "\(line): \(result)")
                if command == "receive" {
                    // The README shows what Bob sees: "[10:02] alice@… in alice: hi Bob".
                    #expect(result.stdoutLines.contains { $0.contains("] alice@") && $0.hasSuffix(" in alice: hi Bob") }, "\(result)")
                }
            }
        }
        #expect(ran.count >= 7, "\(ran)")
        #expect(daemon != nil, "the quick start shows the daemon")

        // What was sent along the way arrived: the chat line and the bot's message reach Alice.
        let alice = homes.path("alice")
        let texts = try await TranscriptTests.receiveMessages(alice).compactMap { $0["text"] as? String }
        #expect(texts.contains("hello from the readme"), "\(texts)")
        #expect(texts.contains("from a bot"), "\(texts)")
        if let daemon { #expect(await daemon.interrupt() == 0, "\(daemon.stderr.text)") }
    }
}
