import Foundation
import Testing

/// `cove file send` to a group and `cove file get` by its members, through the real binary and a
/// live server: identical bytes, the file event in `receive` (JSON and human), the `--out` policy,
/// no progress bar on a pipe, and no plaintext (content or file name) anywhere in the server's
/// data directory (blob files and SQLite database with its WAL) (issue 5, "what it must show" 3).
@Suite(.serialized) struct FileRoundTripTests {
    /// `count` bytes: random, with `marker` written at several places (start, middle, across a
    /// 64 KiB chunk boundary, end) so a plaintext copy anywhere on the server would contain it.
    static func markedBytes(_ count: Int, marker: [UInt8]) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for offset in [0, count / 2, 65_536 - marker.count / 2, count - marker.count] {
            bytes.replaceSubrange(offset..<offset + marker.count, with: marker)
        }
        return bytes
    }

    /// Every regular file under `directory` that contains `needle`.
    static func files(in directory: String, containing needle: [UInt8]) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var hits: [String] = []
        let pattern = Data(needle)
        while let name = walker.nextObject() as? String {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let contents = try Data(contentsOf: URL(fileURLWithPath: path))
            if contents.range(of: pattern) != nil { hits.append(name) }
        }
        return hits
    }

    @Test("a file sent to a group arrives byte-identical; the server holds no plaintext of it")
    func groupRoundTripAndNoPlaintextOnTheServer() async throws {
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        let bob = try await TranscriptTests.initUser(homes, "bob", server: server)
        let carol = try await TranscriptTests.initUser(homes, "carol", server: server)
        try await TranscriptTests.ok(alice, ["group", "create", "team", "--members", "bob,carol"])

        let tag = UUID().uuidString
        let marker = Array("COVE-PLAINTEXT-MARKER-\(tag)".utf8)
        let size = 3 * (1 << 20) + 12_345
        let bytes = Self.markedBytes(size, marker: marker)
        let name = "minutes-\(tag).bin"
        let source = homes.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: source))

        // Sending: one JSON line on stdout, nothing on stderr (a pipe: no progress bar).
        let sent = try await TranscriptTests.ok(alice, ["--json", "file", "send", "--group", "team", source])
        #expect(sent.stderr.isEmpty, "\(sent)")
        let sentLine = try #require(try sent.jsonLines().first)
        #expect(sentLine["type"] as? String == "file_sent" && sentLine["conversation"] as? String == "team")
        #expect(sentLine["name"] as? String == name && sentLine["size"] as? Int == size)
        let id = try #require(sentLine["id"] as? String)

        // bob: the file event in JSON (and a second receive has nothing new).
        let events = try await TranscriptTests.ok(bob, ["receive", "--json"]).jsonLines().filter { $0["type"] as? String == "file" }
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event["id"] as? String == id && event["name"] as? String == name && event["size"] as? Int == size)
        #expect(event["sender"] as? String == "alice" && event["conversation"] as? String == "team")
        #expect(event["key"] == nil && event["file"] == nil, "the key never appears in events: \(event)")
        let again = try await TranscriptTests.ok(bob, ["receive", "--json"]).jsonLines()
        #expect(!again.contains { $0["type"] as? String == "file" })

        // carol: the human line names the file, its size and the command to fetch it.
        let human = try await TranscriptTests.ok(carol, ["receive"])
        #expect(human.stdoutLines.contains {
            $0.contains("alice@") && $0.contains("in team: file \(name) (\(size) bytes)") && $0.contains("cove file get \(id) --out PATH")
        }, "\(human)")

        // bob fetches it to a path: identical bytes, nothing on stderr.
        let out = homes.path("bob-copy.bin")
        let got = try await TranscriptTests.ok(bob, ["--json", "file", "get", id, "--out", out])
        #expect(got.stderr.isEmpty, "\(got)")
        let saved = try #require(try got.jsonLines().first)
        #expect(saved["type"] as? String == "file_saved" && saved["path"] as? String == out && saved["size"] as? Int == size)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))

        // An existing --out file is kept unless --force; with --force it is replaced.
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
        let refused = try await CoveRun.run(["--home", bob, "file", "get", id, "--out", out])
        #expect(refused.status != 0 && refused.stdout.isEmpty, "\(refused)")
        #expect(refused.stderrLines.first?.hasPrefix("error: ") == true && refused.stderrLines.first?.contains("already exists") == true)
        #expect(refused.stderrLines.last?.hasPrefix("hint: ") == true && refused.stderrLines.last?.contains("--force") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data("keep me".utf8))
        try await TranscriptTests.ok(bob, ["file", "get", id, "--out", out, "--force"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))

        // carol fetches it into a directory: saved under the sender's name; a second time it
        // refuses to overwrite that name (chosen by the sender), even with --force.
        let folder = homes.path("carol-downloads")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let human2 = try await TranscriptTests.ok(carol, ["file", "get", id, "--out", folder])
        #expect(human2.stdoutLines.first?.hasPrefix("Saved \(name) (3.0 MiB) to \(folder)/\(name)") == true, "\(human2)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) == Data(bytes))
        let twice = try await CoveRun.run(["--home", carol, "file", "get", id, "--out", folder, "--force"])
        #expect(twice.status != 0 && twice.stderrLines.last?.hasPrefix("hint: ") == true, "\(twice)")

        // The server stored the ciphertext (one blob, of the format's size) and nothing readable.
        let ciphertextSize = 76 + size + 16 * ((size + 65_535) / 65_536)
        #expect(FileTransferKillTests.blobSizes(server) == [ciphertextSize])
        let data = server.dataDirectory
        #expect(FileManager.default.fileExists(atPath: data + "/cove.sqlite"))
        #expect(try Self.files(in: data, containing: marker).isEmpty, "plaintext on the server")
        #expect(try Self.files(in: data, containing: Array(tag.utf8)).isEmpty, "file name or content on the server")
        // The search can find what is there: the sender's copy has the marker.
        #expect(try Self.files(in: homes.root, containing: marker).contains(name))
    }

    @Test("file commands fail with an error: line and a hint: line")
    func usageAndLookupErrors() async throws {
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        _ = try await TranscriptTests.initUser(homes, "bob", server: server)
        let source = homes.path("note.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: source))
        let cases: [(arguments: [String], says: String)] = [
            (["file", "get", "5f0c0a51-0000-4000-8000-000000000000", "--out", homes.path("x")], "no file with id"),
            (["file", "send", "--group", "no-such-group", source], "no-such-group"),
            (["file", "send", "--to", "bob", "--group", "team", source], "exactly one"),
            (["file", "send", "--to", "bob", homes.root], homes.root),
            (["file", "send", "--to", "nobody-here", source], "nobody-here"),
            (["file", "get", "x", "--out", homes.path("y"), "--limit-rate", "0"], "rate"),
        ]
        for (arguments, says) in cases {
            let result = try await CoveRun.run(["--home", alice] + arguments)
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            #expect(result.stderrLines.first?.hasPrefix("error: ") == true && result.stderrLines.first?.contains(says) == true,
                    "\(arguments): \(result)")
            #expect(result.stderrLines.last?.hasPrefix("hint: ") == true, "\(arguments): \(result)")
        }
        // Nothing was created at the --out paths.
        #expect(!FileManager.default.fileExists(atPath: homes.path("x")) && !FileManager.default.fileExists(atPath: homes.path("y")))
    }
}
