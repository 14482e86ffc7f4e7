import Foundation
import Testing

/// `cove file send` and `cove file get` killed with SIGKILL in the middle of the transfer, then run
/// again: the transfer continues (the same blob on the server, the same partial file locally)
/// and the received file is byte-identical (issue 5, "what it must show" 2). `--limit-rate` slows
/// the first runs down so the kill lands mid-transfer without any test hook.
@Suite(.serialized) struct FileTransferKillTests {
    /// Sizes of the blob files in the server's data directory.
    static func blobSizes(_ server: CLIServer) -> [Int] {
        fileSizes(in: server.dataDirectory + "/blobs")
    }

    static func fileSizes(in directory: String, suffix: String = "") -> [Int] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var sizes: [Int] = []
        while let name = walker.nextObject() as? String {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard name.hasSuffix(suffix), FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { continue }
            sizes.append(size)
        }
        return sizes
    }

    @Test("an upload and a download killed mid-transfer resume and deliver an identical file")
    func killAndResume() async throws {
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        let bob = try await TranscriptTests.initUser(homes, "bob", server: server)
        let size = (4 << 20) + 777
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let source = homes.path("holiday.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: source))
        let ciphertextSize = 76 + size + 16 * ((size + 65_535) / 65_536)

        // Upload at 256 KiB/s, killed once the server holds part of the ciphertext.
        let upload = try CoveBackground(["--home", alice, "file", "send", "--to", "bob", source, "--limit-rate", "256k"])
        let uploading = await eventually(timeout: 60) { (Self.blobSizes(server).first ?? 0) >= 256 << 10 }
        upload.kill9()
        #expect(uploading, "the upload never started: \(upload.stderr.text)")
        let cut = Self.blobSizes(server)
        #expect(cut.count == 1 && cut[0] < ciphertextSize, "killed after the upload finished: \(cut)")

        // Run again: it continues the same blob (still one on the server) and sends the message.
        let sent = try #require(try await TranscriptTests.ok(alice, ["--json", "file", "send", "--to", "bob", source]).jsonLines().first)
        #expect(sent["type"] as? String == "file_sent" && sent["size"] as? Int == size && sent["name"] as? String == "holiday.bin")
        let id = try #require(sent["id"] as? String)
        #expect(Self.blobSizes(server) == [ciphertextSize])

        // bob sees exactly one file event.
        let files = try await TranscriptTests.ok(bob, ["receive", "--json"]).jsonLines().filter { $0["type"] as? String == "file" }
        #expect(files.count == 1)
        let event = try #require(files.first)
        #expect(event["id"] as? String == id && event["name"] as? String == "holiday.bin" && event["size"] as? Int == size)
        #expect(event["sender"] as? String == "alice" && event["conversation"] as? String == "alice")

        // Download at 256 KiB/s, killed once part of it is on disk: nothing at --out yet.
        let out = homes.path("received.bin")
        let download = try CoveBackground(["--home", bob, "file", "get", id, "--out", out, "--limit-rate", "256k"])
        let downloading = await eventually(timeout: 60) {
            (Self.fileSizes(in: bob + "/transfers", suffix: ".part").first ?? 0) >= 256 << 10
        }
        download.kill9()
        #expect(downloading, "the download never started: \(download.stderr.text)")
        let partial = Self.fileSizes(in: bob + "/transfers", suffix: ".part")
        #expect(partial.count == 1 && partial[0] < ciphertextSize, "killed after the download finished: \(partial)")
        #expect(!FileManager.default.fileExists(atPath: out))

        // Run again: it finishes, verifies and moves the file into place.
        let saved = try #require(try await TranscriptTests.ok(bob, ["--json", "file", "get", id, "--out", out]).jsonLines().first)
        #expect(saved["type"] as? String == "file_saved" && saved["path"] as? String == out && saved["size"] as? Int == size)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))
        // Nothing is left in either home's transfer directory.
        #expect(Self.fileSizes(in: alice + "/transfers").isEmpty && Self.fileSizes(in: bob + "/transfers").isEmpty)
    }

    @Test("file errors are an error: line and a hint: line; --limit-rate is checked")
    func errors() async throws {
        let server = try await CLIServer()
        defer { server.stop() }
        let homes = try TranscriptTests.Homes()
        let alice = try await TranscriptTests.initUser(homes, "alice", server: server)
        _ = try await TranscriptTests.initUser(homes, "bob", server: server)
        let cases: [[String]] = [
            ["file", "send", "--to", "bob", homes.path("missing.bin")],
            ["file", "get", "no-such-id", "--out", homes.path("x")],
            ["file", "send", "--to", "bob", alice, "--limit-rate", "fast"],
            ["file", "send", homes.path("missing.bin")],
        ]
        for arguments in cases {
            let result = try await CoveRun.run(["--home", alice] + arguments)
            #expect(result.status != 0)
            #expect(result.stderrLines.first?.hasPrefix("error: ") == true, "\(arguments): \(result)")
            #expect(result.stderrLines.last?.hasPrefix("hint: ") == true, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty)
        }
    }
}
