import Foundation
import Testing

/// The store key's passphrase from `--passphrase-file` or `COVE_PASSPHRASE` (docs/cli.md,
/// docs/client-store.md), and the rule that no command waits at a prompt when stdin is not a
/// terminal: here stdin is always a pipe.
@Suite(.serialized) struct PassphraseTests {
    typealias T = TranscriptTests

    static let passphrase = "correct horse battery staple"

    static func writeFile(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func expectError(_ result: CoveResult, status: Int32 = 1, message: String? = nil, hint: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout == "", "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first?.hasPrefix("error: ") == true, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.last?.hasPrefix("hint: ") == true, "\(result)", sourceLocation: sourceLocation)
        if let message { #expect(result.stderrLines.first == "error: \(message)", "\(result)", sourceLocation: sourceLocation) }
        if let hint { #expect(result.stderrLines.last == "hint: \(hint)", "\(result)", sourceLocation: sourceLocation) }
    }

    @Test func passphraseFileProtectsTheStoreAndOpensIt() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let file = homes.path("pass")
        // A trailing newline (echo "..." > file) is not part of the passphrase.
        try Self.writeFile(file, Self.passphrase + "\n")
        let alice = homes.path("alice")
        let initialized = try await T.ok(alice, ["--json", "init", "--server", server.baseURL, "--user", "alice",
                                                 "--passphrase-file", file])
        #expect(try initialized.jsonLines().first?["protection"] as? String == "passphrase")
        // The store key is wrapped under the passphrase; no key file sits beside it.
        #expect(FileManager.default.fileExists(atPath: alice + "/store.key.scrypt"))
        #expect(!FileManager.default.fileExists(atPath: alice + "/store.key"))

        let bob = try await T.initUser(homes, "bob", server: server)
        // The option works before or after the command, and in the environment (without the newline).
        try await T.ok(alice, ["--passphrase-file", file, "send", "--to", "bob", "sealed", "at", "rest"])
        try await T.ok(alice, ["group", "list", "--passphrase-file", file])
        try await T.ok(alice, ["group", "list"], environment: ["COVE_PASSPHRASE": Self.passphrase])
        #expect(try await T.receiveMessages(bob).map { $0["text"] as? String } == ["sealed at rest"])
        try await T.ok(bob, ["send", "--to", "alice", "reply"])
        let received = try await T.ok(alice, ["receive", "--json"], environment: ["COVE_PASSPHRASE": Self.passphrase])
        #expect(try received.jsonLines().compactMap { $0["text"] as? String } == ["reply"])
    }

    @Test func environmentPassphraseAtInitAndKeyFileWithoutOne() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let carol = homes.path("carol")
        let fromEnvironment = try await T.ok(carol, ["--json", "init", "--server", server.baseURL, "--user", "carol"],
                                             environment: ["COVE_PASSPHRASE": Self.passphrase])
        #expect(try fromEnvironment.jsonLines().first?["protection"] as? String == "passphrase")
        let file = homes.path("pass")
        try Self.writeFile(file, Self.passphrase)
        try await T.ok(carol, ["--passphrase-file", file, "group", "list"])

        // No passphrase and stdin not a terminal: init does not ask, it uses a 0600 key file.
        let dave = homes.path("dave")
        let keyFile = try await T.ok(dave, ["--json", "init", "--server", server.baseURL, "--user", "dave"])
        #expect(try keyFile.jsonLines().first?["protection"] as? String == "key-file")
        let mode = try FileManager.default.attributesOfItem(atPath: dave + "/store.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A key-file store ignores a passphrase given anyway.
        try await T.ok(dave, ["group", "list"], environment: ["COVE_PASSPHRASE": "anything"])

        // --key-file wins over COVE_PASSPHRASE at init.
        let erin = homes.path("erin")
        let explicit = try await T.ok(erin, ["--json", "init", "--server", server.baseURL, "--user", "erin", "--key-file"],
                                      environment: ["COVE_PASSPHRASE": Self.passphrase])
        #expect(try explicit.jsonLines().first?["protection"] as? String == "key-file")
    }

    @Test func missingOrWrongPassphraseFailsWithAHintAndNeverWaitsAtAPrompt() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let file = homes.path("pass")
        try Self.writeFile(file, Self.passphrase)
        let alice = homes.path("alice")
        try await T.ok(alice, ["init", "--server", server.baseURL, "--user", "alice", "--passphrase-file", file])

        // Stdin stays open (a pipe nobody writes to): a prompt would wait forever; the command must fail at once.
        for arguments in [["group", "list"], ["receive"], ["send", "--to", "alice", "x"], ["chat", "alice"],
                          ["daemon", "--socket", homes.path("d.sock")]] {
            let command = try CoveBackground(["--home", alice] + arguments)
            let status = await command.waitForExit(timeout: 60)
            #expect(status == 1, "cove \(arguments.joined(separator: " ")) did not fail (waiting at a prompt?): \(command.stderr.text)")
            command.kill9()
            _ = await eventually(timeout: 10) { command.stderr.isClosed }
            let lines = command.stderr.lines
            #expect(lines.count == 2, "\(arguments): \(lines)")
            #expect(lines.first == "error: this home's store is protected by a passphrase", "\(arguments): \(lines)")
            #expect(lines.last == "hint: set COVE_PASSPHRASE or pass --passphrase-file FILE (stdin is not a terminal)")
            #expect(command.stdout.text == "", "\(arguments)")
        }

        let wrongEnvironment = try await CoveRun.run(["--home", alice, "group", "list"], environment: ["COVE_PASSPHRASE": "wrong"])
        Self.expectError(wrongEnvironment)
        let wrongFile = homes.path("wrong")
        try Self.writeFile(wrongFile, "not the passphrase\n")
        let wrong = try await CoveRun.run(["--home", alice, "--passphrase-file", wrongFile, "receive"])
        Self.expectError(wrong)
        #expect(wrong.stderrLines.first == wrongEnvironment.stderrLines.first)
        // A wrong passphrase and a damaged key file are indistinguishable, so the error names neither
        // the passphrase it got nor any key material.
        #expect(!wrong.stderr.contains("not the passphrase"))

        let missingFile = try await CoveRun.run(["--home", alice, "--passphrase-file", homes.path("nope"), "group", "list"])
        Self.expectError(missingFile, message: "cannot read the passphrase file \(homes.path("nope"))")
        let emptyFile = homes.path("empty")
        try Self.writeFile(emptyFile, "\n")
        let empty = try await CoveRun.run(["--home", alice, "--passphrase-file", emptyFile, "group", "list"])
        Self.expectError(empty, message: "the passphrase file \(emptyFile) is empty")

        let both = try await CoveRun.run(["--home", homes.path("x"), "init", "--server", server.baseURL, "--user", "xavier",
                                          "--key-file", "--passphrase-file", file])
        Self.expectError(both, status: 64, message: "--key-file and --passphrase-file exclude each other")
        #expect(!FileManager.default.fileExists(atPath: homes.path("x") + "/store.key"))

        // The right passphrase still opens the store after all that.
        try await T.ok(alice, ["--passphrase-file", file, "group", "list"])
    }
}
