import Foundation
import Testing

/// `cove folder ...` transcripts: the real `cove` binary against a live `cove-server` (SQLite),
/// as a user would type it: create, put, ls (with versions), get, rm, add, remove, rekey, the
/// `--json` lines, and errors as `error:` + `hint:`.
@Suite(.serialized) struct FolderTranscriptTests {
    typealias T = TranscriptTests

    static func write(_ dir: String, _ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func expectError(_ result: CoveResult, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stdout == "", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 2, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first == "error: \(message)", "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.last?.hasPrefix("hint: ") == true, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func folderCommandsAsAUserWouldTypeThem() async throws {
        // Blob collection every second with a short grace, so a rekeyed file's old blob goes quickly.
        let server = try await CLIServer(extraArguments: ["--blob-grace-seconds", "4", "--blob-collection-interval-seconds", "1"])
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        let bob = try await T.initUser(homes, "bob", server: server)
        let carol = try await T.initUser(homes, "carol", server: server)
        let dave = try await T.initUser(homes, "dave", server: server)
        let work = homes.path("work")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

        let created = try await T.ok(alice, ["folder", "create", "docs", "--members", "bob,carol"])
        #expect(created.stdout == "Created folder docs with alice, bob, carol\n")

        let plan1 = try Self.write(work, "plan.txt", "first plan\n")
        let put1 = try await T.ok(alice, ["folder", "put", "docs", plan1])
        #expect(put1.stdout == "Put plan.txt (version 1, 11 bytes) in docs\n", "\(put1)")
        let plan2 = try Self.write(work, "plan-v2.txt", "second plan, longer\n")
        let put2 = try await T.ok(bob, ["--json", "folder", "put", "docs", plan2, "--as", "plan.txt"])
        let put2Line = try #require(try put2.jsonLines().first)
        #expect(put2Line["type"] as? String == "folder.put" && put2Line["name"] as? String == "plan.txt")
        #expect(put2Line["version"] as? Int == 2 && put2Line["by"] as? String == "bob" && put2Line["size"] as? Int == 20)
        let budget = try Self.write(work, "budget.csv", "a,b\n1,2\n")
        try await T.ok(carol, ["folder", "put", "docs", budget])

        // ls: the latest version of each file (with the count), every version with --versions.
        let ls = try await T.ok(carol, ["folder", "ls", "docs"])
        #expect(ls.stdoutLines.count == 2, "\(ls)")
        #expect(ls.stdoutLines[0].hasPrefix("budget.csv\tv1\t8 bytes\tcarol\t"))
        #expect(ls.stdoutLines[1].hasPrefix("plan.txt\tv2\t20 bytes\tbob\t") && ls.stdoutLines[1].hasSuffix("\t(2 versions)"))
        let all = try await T.ok(bob, ["folder", "ls", "docs", "--versions"])
        #expect(all.stdoutLines.map { $0.split(separator: "\t").prefix(2).joined(separator: " ") }
                == ["budget.csv v1", "plan.txt v1", "plan.txt v2"], "\(all)")
        let lsJSON = try await T.ok(alice, ["--json", "folder", "ls", "docs"]).jsonLines()
        let planJSON = try #require(lsJSON.first { $0["name"] as? String == "plan.txt" })
        #expect((planJSON["versions"] as? [[String: Any]])?.compactMap { $0["by"] as? String } == ["alice", "bob"])
        #expect(planJSON["type"] as? String == "folder.file" && planJSON["version"] as? Int == 2)

        // get: the latest, or --version N; the file is verified and written to --out.
        let out = homes.path("out.txt")
        let got = try await T.ok(alice, ["folder", "get", "docs", "plan.txt", "--out", out])
        #expect(got.stdout == "Got plan.txt (version 2, 20 bytes) to \(out)\n")
        #expect(Self.read(out) == "second plan, longer\n")
        let gotJSON = try await T.ok(carol, ["--json", "folder", "get", "docs", "plan.txt", "--out", out, "--version", "1"])
        #expect(try gotJSON.jsonLines().first?["version"] as? Int == 1)
        #expect(Self.read(out) == "first plan\n")

        // A later member sees the current files; group commands work on folders too.
        let added = try await T.ok(alice, ["folder", "add", "docs", "dave"])
        #expect(added.stdout == "Added dave to folder docs\n")
        let daveLs = try await T.ok(dave, ["--json", "folder", "ls", "docs"]).jsonLines()
        #expect(Set(daveLs.compactMap { $0["name"] as? String }) == ["budget.csv", "plan.txt"])
        let daveOut = homes.path("dave.txt")
        try await T.ok(dave, ["folder", "get", "docs", "plan.txt", "--out", daveOut, "--version", "1"])
        #expect(Self.read(daveOut) == "first plan\n")
        let folders = try await T.ok(dave, ["folder", "list"])
        #expect(folders.stdout == "docs\talice, bob, carol, dave\n", "\(folders)")

        // rm: gone for every member.
        let rm = try await T.ok(carol, ["folder", "rm", "docs", "budget.csv"])
        #expect(rm.stdout == "Removed budget.csv from docs\n")
        #expect(try await T.ok(bob, ["--json", "folder", "ls", "docs"]).jsonLines().compactMap { $0["name"] as? String } == ["plan.txt"])

        // remove bob; a file put afterwards never reaches him; rekey re-encrypts the rest.
        let removed = try await T.ok(alice, ["folder", "remove", "docs", "bob"])
        #expect(removed.stdout.hasPrefix("Removed bob from folder docs"))
        let secret = try Self.write(work, "secret.txt", "not for bob\n")
        try await T.ok(carol, ["folder", "put", "docs", secret])
        let bobLs = try await T.ok(bob, ["--json", "folder", "ls", "docs"]).jsonLines()
        #expect(!bobLs.contains { $0["name"] as? String == "secret.txt" })
        expectError(try await CoveRun.run(["--home", bob, "folder", "get", "docs", "secret.txt", "--out", homes.path("b.txt")]),
                    "no file named 'secret.txt' in the folder")
        expectError(try await CoveRun.run(["--home", bob, "folder", "put", "docs", secret]), "this device is no longer a member of 'docs'")
        // Until the rekey, bob still reads what he could read before.
        try await T.ok(bob, ["folder", "get", "docs", "plan.txt", "--out", homes.path("b.txt"), "--version", "1"])
        #expect(Self.read(homes.path("b.txt")) == "first plan\n")
        let rekey = try await T.ok(alice, ["--json", "folder", "rekey", "docs"])
        let rekeyLine = try #require(try rekey.jsonLines().first)
        #expect(rekeyLine["type"] as? String == "folder.rekey" && rekeyLine["rekeyed"] as? Int == 3 && rekeyLine["total"] as? Int == 3)
        try await T.ok(dave, ["folder", "get", "docs", "plan.txt", "--out", daveOut, "--version", "1"])
        #expect(Self.read(daveOut) == "first plan\n")
        // Once the server collected the old blobs, bob's old keys lead nowhere: a clear error.
        var lost: CoveResult?
        _ = await eventually(timeout: 30) {
            lost = try? await CoveRun.run(["--home", bob, "folder", "get", "docs", "plan.txt", "--out", homes.path("b2.txt"), "--version", "1"])
            return lost.map { $0.status != 0 } ?? false
        }
        expectError(try #require(lost), "version 1 of 'plan.txt' is no longer readable by this device")

        // Errors: one `error:` line and one `hint:` line each.
        expectError(try await CoveRun.run(["--home", alice, "folder", "ls", "nosuch"]), "no folder named 'nosuch'")
        expectError(try await CoveRun.run(["--home", alice, "folder", "get", "docs", "plan.txt", "--out", out, "--version", "9"]),
                    "'plan.txt' has no version 9")
        expectError(try await CoveRun.run(["--home", alice, "folder", "get", "docs", "../plan.txt", "--out", out]),
                    "'../plan.txt' is not a file name in a folder")
        expectError(try await CoveRun.run(["--home", alice, "folder", "put", "docs", plan1, "--as", String(repeating: "x", count: 256)]),
                    "the file name is longer than 255 bytes")
        expectError(try await CoveRun.run(["--home", alice, "folder", "put", "docs", work + "/missing.txt"]),
                    "no file at \(work)/missing.txt")
        expectError(try await CoveRun.run(["--home", alice, "folder", "rm", "docs", "budget.csv"]),
                    "no file named 'budget.csv' in the folder")
        expectError(try await CoveRun.run(["--home", alice, "--json", "folder", "ls", "nosuch"]), "no folder named 'nosuch'")
    }
}
