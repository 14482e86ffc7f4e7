import Foundation
import Testing

/// `cove folder rekey` killed with SIGKILL part-way, then run again: it continues from the plan it
/// stored (the versions already announced are not redone), every version ends on exactly one
/// new pinned blob, the other members read identical files, no plaintext is left in the home,
/// and the server holds no plaintext (issue 5: "re-encrypts existing files under fresh keys,
/// resumably"). `--limit-rate` slows the first run so the kill lands mid-rekey without a test hook.
@Suite(.serialized) struct FolderRekeyKillTests {
    typealias T = TranscriptTests

    /// Rows of `query` in the server's SQLite database (read with the sqlite3 shell after the
    /// server stopped, so the file is quiescent).
    static func sqlite(_ server: CLIServer, _ query: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [server.dataDirectory + "/cove.sqlite", query]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Every regular file under `directory` with its contents.
    static func contents(under directory: String) -> [(String, Data)] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [(String, Data)] = []
        while let name = walker.nextObject() as? String {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            found.append((name, data))
        }
        return found
    }

    @Test("a rekey killed part-way resumes, finishes once per version, and leaves no plaintext")
    func killAndResumeRekey() async throws {
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try T.Homes()
        let alice = try await T.initUser(homes, "alice", server: server)
        _ = try await T.initUser(homes, "bob", server: server)
        let carol = try await T.initUser(homes, "carol", server: server)
        try await T.ok(alice, ["folder", "create", "big", "--members", "bob,carol"])

        // Three files of random bytes (so any 64-byte slice of one is a reliable plaintext marker).
        var rng = SystemRandomNumberGenerator()
        var originals: [String: Data] = [:]
        for name in ["a.bin", "b.bin", "c.bin"] {
            let bytes = Data((0..<(512 << 10) + 123).map { _ in UInt8.random(in: 0...255, using: &rng) })
            let path = homes.path(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            originals[name] = bytes
            try await T.ok(alice, ["folder", "put", "big", path])
        }
        try await T.ok(alice, ["folder", "remove", "big", "bob"])

        // At 1 MiB/s each version (download + upload) takes about a second: kill after the first.
        let first = try CoveBackground(["--home", alice, "folder", "rekey", "big", "--limit-rate", "1m"])
        let started = await eventually(timeout: 60) { first.stderr.text.contains("rekey: 1/3 versions") }
        first.kill9()
        #expect(started, "the rekey never progressed: \(first.stderr.text)")
        #expect(first.process.terminationReason == .uncaughtSignal, "the rekey finished before the kill: \(first.stderr.text)")

        // Run again: it continues; what the first run announced is not redone.
        let rerun = try #require(try await T.ok(alice, ["--json", "folder", "rekey", "big"]).jsonLines().first)
        #expect(rerun["type"] as? String == "folder.rekey" && rerun["total"] as? Int == 3)
        let rekeyed = try #require(rerun["rekeyed"] as? Int)
        #expect(rekeyed < 3, "the rerun started over")
        // A third run has nothing left to do.
        let again = try #require(try await T.ok(alice, ["--json", "folder", "rekey", "big"]).jsonLines().first)
        #expect(again["rekeyed"] as? Int == 3 && again["total"] as? Int == 3)
        #expect(Self.contents(under: alice + "/rekey").isEmpty, "plaintext left in the rekey directory")

        // carol reads every file, identical; sizes and hashes are unchanged by the rekey.
        let listing = try await T.ok(carol, ["--json", "folder", "ls", "big"]).jsonLines()
        #expect(listing.compactMap { $0["name"] as? String } == ["a.bin", "b.bin", "c.bin"])
        for (name, bytes) in originals {
            let out = homes.path("carol-" + name)
            try await T.ok(carol, ["folder", "get", "big", name, "--out", out])
            #expect(FileManager.default.contents(atPath: out) == bytes, "\(name)")
        }

        // On the server: exactly one pin per version (no re-upload left pinned), and no plaintext.
        server.stop()
        let pins = try Self.sqlite(server, "SELECT blob_id FROM blob_pins")
        #expect(pins.count == 3 && Set(pins).count == 3, "\(pins)")
        let stored = Self.contents(under: server.dataDirectory)
        #expect(!stored.isEmpty)
        for (file, data) in stored {
            for (name, bytes) in originals {
                for offset in [0, bytes.count / 2, bytes.count - 64] {
                    #expect(data.range(of: bytes.subdata(in: offset..<offset + 64)) == nil, "plaintext of \(name) in \(file)")
                }
            }
        }
    }
}
