import Foundation
import Testing

/// Mistyped commands and bad input: one `error:` line, one `hint:` line, a non-zero status, and
/// nothing on stdout. These need no server.
@Suite struct UsageErrorTests {
    let home = "/tmp/cove-cli-nohome-\(UUID().uuidString.prefix(8))"

    @Test func unknownTopLevelCommandSuggestsTheClosestOne() async throws {
        let result = try await CoveRun.run(["--home", home, "grop", "list"])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        // The command list grows as commands are added (file, folder, ...): check its fixed start.
        #expect(result.stderrLines.count == 2 && result.stderrLines.first == "error: unknown command 'grop'")
        #expect(result.stderrLines.last?.hasPrefix(
            "hint: did you mean 'cove group'? Commands: init, group, send, receive, chat, devices, daemon") == true)
    }

    @Test func unknownSubcommandSuggestsTheClosestOne() async throws {
        let result = try await CoveRun.run(["--home", home, "group", "lsit"])
        #expect(result.status == 64)
        #expect(result.stderrLines == [
            "error: unknown command 'lsit'",
            "hint: did you mean 'cove group list'? Commands: create, add, remove, list, members",
        ])
    }

    @Test func unrelatedWordListsTheCommands() async throws {
        let result = try await CoveRun.run(["devices", "xyzzy"])
        #expect(result.status == 64)
        #expect(result.stderrLines == [
            "error: unknown command 'xyzzy'",
            "hint: 'cove devices' has these commands: list, link, approve, revoke; see 'cove devices --help'",
        ])
    }

    @Test func missingOptionNamesItAndPointsToHelp() async throws {
        let result = try await CoveRun.run(["--home", home, "group", "create", "team"])
        #expect(result.status == 64)
        #expect(result.stderrLines.count == 2)
        #expect(result.stderrLines.first?.hasPrefix("error: ") == true)
        #expect(result.stderrLines.first?.contains("--members") == true)
        #expect(result.stderrLines.last == "hint: see 'cove group create --help'")
    }

    @Test func mistypedOptionGetsArgumentParsersSuggestionAsTheHint() async throws {
        let result = try await CoveRun.run(["--home", home, "group", "create", "team", "--membrs", "bob"])
        #expect(result.status == 64)
        #expect(result.stderrLines.count == 2, "\(result)")
        #expect(result.stderrLines.first?.hasPrefix("error: ") == true)
        #expect(result.stderrLines.last?.hasPrefix("hint: ") == true)
        #expect(result.stderr.contains("--members"))
    }

    @Test func sendNeedsExactlyOneRecipient() async throws {
        let both = try await CoveRun.run(["--home", home, "send", "--to", "bob", "--group", "team", "hi"])
        #expect(both.status == 64)
        #expect(both.stderrLines == ["error: give exactly one of --to USER or --group NAME", "hint: see 'cove send --help'"])
        let none = try await CoveRun.run(["--home", home, "send", "--to", "bob"])
        #expect(none.stderrLines == ["error: missing the message text", "hint: see 'cove send --help'"])
    }

    @Test func uninitializedHome() async throws {
        for command in [["group", "list"], ["send", "--to", "bob", "hi"], ["receive"], ["devices", "list"]] {
            let result = try await CoveRun.run(["--home", home] + command)
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderrLines == [
                "error: no Cove home at \(home)",
                "hint: run 'cove --home \(home) init --server URL --user NAME' first",
            ])
        }
    }

    @Test func initRejectsAMalformedServerURLBeforeAnyNetwork() async throws {
        for url in ["notaurl", "ftp://example.org", "http://", "http://h/?q=1"] {
            let result = try await CoveRun.run(["--home", home, "init", "--server", url, "--user", "alice"])
            #expect(result.status == 64)
            #expect(result.stderrLines == [
                "error: '\(url)' is not a server URL",
                "hint: give the server's base URL, e.g. --server http://127.0.0.1:8080",
            ])
        }
        #expect(!FileManager.default.fileExists(atPath: home))
    }

    @Test func initRejectsAnInvalidUserName() async throws {
        let result = try await CoveRun.run(["--home", home, "init", "--server", "http://127.0.0.1:1", "--user", "Alice!"])
        #expect(result.status == 64)
        #expect(result.stderrLines == [
            "error: 'Alice!' is not a valid user name",
            "hint: user names are 1-64 characters of a-z, 0-9, '.', '_' and '-'",
        ])
    }

    @Test func passphraseFileAndKeyFileExcludeEachOther() async throws {
        let result = try await CoveRun.run(["--home", home, "init", "--server", "http://127.0.0.1:1", "--user", "alice",
                                            "--key-file", "--passphrase-file", "/dev/null"])
        #expect(result.status == 64)
        #expect(result.stderrLines.first == "error: --key-file and --passphrase-file exclude each other")
    }

    @Test func unreadablePassphraseFile() async throws {
        let result = try await CoveRun.run(["--home", home, "init", "--server", "http://127.0.0.1:1", "--user", "alice",
                                            "--passphrase-file", "/nonexistent/pass"])
        #expect(result.status == 1)
        #expect(result.stderrLines == [
            "error: cannot read the passphrase file /nonexistent/pass",
            "hint: check the path given to --passphrase-file and that you can read it",
        ])
    }

    @Test func badLinkCode() async throws {
        let result = try await CoveRun.run(["--home", home, "devices", "approve", "12", "34"])
        #expect(result.status == 64)
        #expect(result.stderrLines.first == "error: '1234' is not a link code")
    }

    @Test func helpVersionAndCompletionScriptsExitZero() async throws {
        let help = try await CoveRun.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("group"))
        #expect(help.stdout.contains("daemon"))
        let version = try await CoveRun.run(["--version"])
        #expect(version.status == 0)
        for shell in ["bash", "zsh", "fish"] {
            let script = try await CoveRun.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("cove"))
            #expect(script.stdout.contains("devices"))
        }
    }
}
