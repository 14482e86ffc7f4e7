import Foundation
import Testing

/// Errors that need a server: an unknown user or group, a wrong server URL, a server that is down.
/// Each is exactly two lines on stderr (`error:` and `hint:`), nothing on stdout, a non-zero status,
/// and no stack trace. The timeouts below only guard against a hang (they are not timing assertions):
/// a server that is down is found out by a refused connection, and the SDK's connect timeout bounds
/// the rest.
@Suite(.serialized) struct ErrorTranscriptTests {
    typealias T = TranscriptTests

    static func run(_ home: String, _ arguments: [String], stdin: String = "") async throws -> CoveResult {
        try await CoveRun.run(["--home", home] + arguments, stdin: stdin, timeout: 60)
    }

    static func expectError(_ result: CoveResult, _ message: String, hint: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout == "", "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first == "error: \(message)", "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.last?.hasPrefix("hint: ") == true, "\(result)", sourceLocation: sourceLocation)
        if let hint { #expect(result.stderrLines.last == "hint: \(hint)", "\(result)", sourceLocation: sourceLocation) }
    }

    @Test func unknownUsersAndGroups() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        _ = try await T.initUser(homes, "bob", server: server)
        try await T.ok(alice, ["group", "create", "team", "--members", "bob"])

        let unknownUser = "no user named 'nobody' on the server"
        let unknownGroup = "no conversation named 'nosuchgroup'"
        Self.expectError(try await Self.run(alice, ["send", "--to", "nobody", "hi"]), unknownUser, hint: "check the spelling of the user name")
        Self.expectError(try await Self.run(alice, ["send", "--group", "nosuchgroup", "hi"]), unknownGroup,
                         hint: "list them with `cove group list`")
        Self.expectError(try await Self.run(alice, ["group", "members", "nosuchgroup"]), unknownGroup)
        Self.expectError(try await Self.run(alice, ["group", "add", "nosuchgroup", "bob"]), unknownGroup)
        Self.expectError(try await Self.run(alice, ["group", "remove", "nosuchgroup", "bob"]), unknownGroup)
        Self.expectError(try await Self.run(alice, ["group", "create", "x", "--members", "nobody"]), unknownUser)
        Self.expectError(try await Self.run(alice, ["group", "add", "team", "nobody"]), unknownUser)
        // Nothing half-done: the group still has its two members.
        let members = try await T.ok(alice, ["--json", "group", "members", "team"]).jsonLines()
        #expect(Set(members.compactMap { $0["user"] as? String }) == ["alice", "bob"])

        // `chat` refuses a name that is neither a group nor a user before it starts (stdin is a
        // pipe, so a chat that started would wait for input instead of failing).
        let chatHint = "see your groups with 'cove group list'; to chat with a user, give their user name"
        Self.expectError(try await Self.run(alice, ["chat", "nobody"]), "no group or user named 'nobody'", hint: chatHint)
        Self.expectError(try await Self.run(alice, ["chat", "No Such Group"]), "no group or user named 'No Such Group'", hint: chatHint)
        Self.expectError(try await Self.run(alice, ["chat", "alice"]), "no group or user named 'alice'", hint: chatHint)

        // The same names that exist work: a group, and a user with no chat yet (stdin ends at once).
        let chatTeam = try await Self.run(alice, ["chat", "team"], stdin: "/quit\n")
        #expect(chatTeam.status == 0, "\(chatTeam)")
        #expect(chatTeam.stdout.contains("Chatting in team as alice"), "\(chatTeam)")
        let chatBob = try await Self.run(alice, ["chat", "bob"], stdin: "")
        #expect(chatBob.status == 0, "\(chatBob)")
        #expect(chatBob.stdout.contains("Chatting with bob as alice"), "\(chatBob)")
    }

    @Test func wrongServerURLs() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        // A live Cove server, but the URL has a path: no Cove API there.
        let withPath = try await Self.run(homes.path("a"), ["init", "--server", server.baseURL + "/nope", "--user", "dave"])
        Self.expectError(withPath, "no Cove API at this server URL (HTTP 404)",
                         hint: "give the base URL cove-server prints, without a path, e.g. http://127.0.0.1:8080")
        // A port where nothing listens (the server's, once it is stopped).
        let port = server.port
        server.stop()
        let wrongPort = try await Self.run(homes.path("b"), ["init", "--server", "http://127.0.0.1:\(port)", "--user", "dave"])
        Self.expectError(wrongPort, "cannot reach the server at http://127.0.0.1:\(port)",
                         hint: "check the server URL and that cove-server is running")
        // A failed init leaves no half-made home behind: init can simply be run again.
        for home in ["a", "b"] {
            let retry = try await Self.run(homes.path(home), ["group", "list"])
            #expect(retry.stderrLines.first == "error: no Cove home at \(homes.path(home))", "\(retry)")
        }
    }

    @Test func serverDown() async throws {
        let server = try await CLIServer()
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        _ = try await T.initUser(homes, "bob", server: server)
        try await T.ok(alice, ["group", "create", "team", "--members", "bob"])
        server.stop()

        let down = "cannot reach the server at \(server.baseURL)"
        let hint = "check the server URL and that cove-server is running"
        Self.expectError(try await Self.run(homes.path("c"), ["init", "--server", server.baseURL, "--user", "carol"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["send", "--to", "bob", "hi"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["send", "--group", "team", "hi"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["receive"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["receive", "--follow"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["group", "create", "other", "--members", "bob"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["group", "add", "team", "carol"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["devices", "list"]), down, hint: hint)
        Self.expectError(try await Self.run(alice, ["chat", "team"]), down, hint: hint)
        // What is known locally still shows.
        let list = try await T.ok(alice, ["group", "list"])
        #expect(list.stdoutLines.contains { $0.hasPrefix("team\t") }, "\(list)")
    }
}
