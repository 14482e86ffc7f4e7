@_spi(Testing) import CoveClient
import CoveClientSQLite
import CoveProtocol
import CoveTestSupport
import Foundation
import Testing

/// Shared folders (issue 5) end to end through a live cove-server: three members put, list, get
/// every version and remove files; a member added later sees the current files; a removed member
/// cannot read a file put after the removal nor a rekeyed old file; an interrupted rekey resumes;
/// neither the server's data directory nor a pg_dump holds any file's plaintext.
@Suite("Shared folders against a live cove-server", .serialized)
struct ClientFolderTests {
    /// A server whose blob garbage collection runs every second with a short grace period, so
    /// unpinned blobs disappear within the test.
    static func start(_ backend: Backend) async throws -> (server: ServerProcess, database: String?)? {
        let gc = ["--blob-grace-seconds", "6", "--blob-collection-interval-seconds", "1"]
        switch backend {
        case .sqlite:
            return (try await ServerProcess(extraArguments: gc), nil)
        case .postgres:
            do {
                let url = try await PostgresTestCluster.shared.createDatabase()
                return (try await ServerProcess(database: url, extraArguments: gc), url)
            } catch let error as PostgresTestCluster.Unavailable {
                if PostgresTestCluster.required { Issue.record("PostgreSQL unavailable in CI: \(error)") }
                return nil
            }
        }
    }

    /// A directory of plaintext files for one test; each file's bytes repeat a unique marker.
    final class Files: @unchecked Sendable {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cove-folder-\(UUID().uuidString)").path
        var markers: [String] = []
        init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: dir) }

        /// Writes `size` bytes made of a fresh marker under `name`; returns the path and the bytes.
        func make(_ name: String, size: Int) throws -> (path: String, bytes: [UInt8]) {
            let marker = "COVE-FOLDER-PLAINTEXT-\(UUID().uuidString)|"
            markers.append(marker)
            let unit = Array(marker.utf8)
            let bytes = (0..<size).map { unit[$0 % unit.count] }
            let path = dir + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return (path, bytes)
        }

        func read(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }
        func out(_ name: String) -> String { dir + "/out-" + UUID().uuidString + "-" + name }
    }

    static func names(_ files: [FolderFile]) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.versions.map(\.version)) })
    }

    static func code(of body: () async throws -> Void) async -> String? {
        await error(of: body).map { $0.code.rawValue }
    }

    /// The SDK error `body` throws (nil if it succeeds; any other error fails the test).
    static func error(of body: () async throws -> Void) async -> CoveClientError? {
        do { try await body() } catch let error as CoveClientError { return error } catch {
            Issue.record("not a CoveClientError: \(error)")
        }
        return nil
    }

    @Test("three members share a folder; a later member sees the files; a removed member loses new and rekeyed files; no plaintext",
          arguments: Backend.allCases)
    func sharedFolder(_ backend: Backend) async throws {
        guard let (server, database) = try await Self.start(backend) else { return }
        defer { server.stop() }
        let url = server.baseURL
        let homes = (0..<4).map { _ in ClientHome() }
        let files = try Files()
        let alice = try await CoveClient.initialize(home: homes[0].path, server: url, username: "alice", deviceName: "laptop")
        let bob = try await CoveClient.initialize(home: homes[1].path, server: url, username: "bob", deviceName: "phone")
        let carol = try await CoveClient.initialize(home: homes[2].path, server: url, username: "carol", deviceName: "desk")
        let dave = try await CoveClient.initialize(home: homes[3].path, server: url, username: "dave", deviceName: "tablet")
        let observer = try await TestDevice.register(HTTP(baseURL: url), username: "observer")
        func blobExists(_ id: String) async throws -> Bool { try await observer.send("GET", "/v1/blobs/\(id)").status == 200 }

        // alice creates the folder with bob and carol; each of them puts a file.
        let folder = try await alice.createFolder(name: "project", members: ["bob", "carol"])
        #expect(folder.kind == "folder" && folder.members == ["alice", "bob", "carol"])
        let notes1 = try files.make("notes.txt", size: 70_000)
        let v1 = try await alice.putFile(folder: "project", path: notes1.path)
        #expect(v1.version == 1 && v1.size == 70_000 && v1.by == "alice")
        #expect(try await bob.folders().map(\.name) == ["project"])
        let notes2 = try files.make("notes-draft.txt", size: 1)
        let v2 = try await bob.putFile(folder: "project", path: notes2.path, name: "notes.txt")
        #expect(v2.version == 2 && v2.by == "bob")
        let data = try files.make("data.bin", size: 200_000)
        _ = try await carol.putFile(folder: "project", path: data.path)
        let empty = try files.make("empty", size: 0)
        _ = try await carol.putFile(folder: "project", path: empty.path)

        // Every member lists the same files and versions and reads every version.
        for member in [alice, bob, carol] {
            let listed = try await member.folderFiles("project")
            #expect(Self.names(listed) == ["notes.txt": [1, 2], "data.bin": [1], "empty": [1]], "\(member.username)")
            #expect(listed.first { $0.name == "notes.txt" }?.versions.map(\.by) == ["alice", "bob"])
            let out1 = files.out("n1"), out2 = files.out("n2"), outData = files.out("d"), outEmpty = files.out("e")
            #expect(try await member.getFile(folder: "project", name: "notes.txt", version: 1, to: out1).version == 1)
            #expect(files.read(out1) == notes1.bytes)
            try await member.getFile(folder: "project", name: "notes.txt", to: out2)
            #expect(files.read(out2) == notes2.bytes)
            try await member.getFile(folder: "project", name: "data.bin", to: outData)
            #expect(files.read(outData) == data.bytes)
            try await member.getFile(folder: "project", name: "empty", to: outEmpty)
            #expect(files.read(outEmpty) == [])
        }
        #expect(await Self.code { try await bob.getFile(folder: "project", name: "notes.txt", version: 3, to: files.out("x")) } == "folder.unknown_version")
        #expect(await Self.code { try await bob.getFile(folder: "project", name: "nope", to: files.out("x")) } == "folder.unknown_file")
        #expect(await Self.code { try await bob.putFile(folder: "project", path: notes1.path, name: "../escape") } == "folder.invalid_entry")
        #expect(await Self.code { try await bob.putFile(folder: "nowhere", path: notes1.path) } == "folder.unknown")

        // carol removes data.bin: gone for everyone, and its blob is unpinned (then collected).
        let dataBlob = try #require(try await carol.folderReferencesForTesting("project")["data.bin"]?.first?.blobId)
        try await carol.removeFile(folder: "project", name: "data.bin")
        for member in [alice, bob, carol] {
            #expect(Self.names(try await member.folderFiles("project")) == ["notes.txt": [1, 2], "empty": [1]], "\(member.username)")
        }
        #expect(await Self.code { try await alice.getFile(folder: "project", name: "data.bin", to: files.out("x")) } == "folder.unknown_file")
        #expect(await Self.code { try await alice.removeFile(folder: "project", name: "data.bin") } == "folder.unknown_file")

        // dave joins later: the snapshot after the Add gives him the current files.
        try await alice.addFolderMember(folder: "project", username: "dave")
        let daveFiles = try await dave.folderFiles("project")
        #expect(Self.names(daveFiles) == ["notes.txt": [1, 2], "empty": [1]])
        #expect(daveFiles.first { $0.name == "notes.txt" }?.versions.map(\.by) == ["alice", "bob"])
        let daveOut = files.out("dave")
        try await dave.getFile(folder: "project", name: "notes.txt", version: 1, to: daveOut)
        #expect(files.read(daveOut) == notes1.bytes)
        let third = try files.make("notes-3.txt", size: 65_536)
        #expect(try await dave.putFile(folder: "project", path: third.path, name: "notes.txt").version == 3)
        #expect(Self.names(try await bob.folderFiles("project"))["notes.txt"] == [1, 2, 3])

        // bob is removed. What he held before stays in his store; nothing after reaches him.
        _ = try await bob.folderFiles("project")
        let bobKeys = try await bob.folderReferencesForTesting("project").values.flatMap { $0 }.map(\.key)
        #expect(bobKeys.count == 4)
        try await alice.removeFolderMember(folder: "project", username: "bob")
        let secret = try files.make("after-removal.txt", size: 5_000)
        let afterRef = try await carol.putFile(folder: "project", path: secret.path)
        #expect(afterRef.version == 1)
        let bobView = try await bob.folderFiles("project")
        #expect(!bobView.contains { $0.name == "after-removal.txt" })
        #expect(try await bob.folders().first?.active == false)
        let unseen = await Self.error { try await bob.getFile(folder: "project", name: "after-removal.txt", to: files.out("x")) }
        #expect(unseen?.code.rawValue == "folder.unknown_file")
        #expect(unseen?.hint?.contains("removed from 'project'") == true, "\(String(describing: unseen))")
        let refused = await Self.error { try await bob.putFile(folder: "project", path: secret.path) }
        #expect(refused?.code.rawValue == "conversation.not_member" && refused?.message == "this device is no longer a member of 'project'")
        #expect(await Self.code { try await bob.removeFile(folder: "project", name: "notes.txt") } == "conversation.not_member")
        #expect(await Self.code { try await bob.rekeyFolder("project", workDirectory: homes[1].path + "/rekey") } == "conversation.not_member")
        // Until a rekey, what he could read before stays readable to him (he holds its key).
        let stillOld = files.out("bob-old")
        try await bob.getFile(folder: "project", name: "notes.txt", version: 1, to: stillOld)
        #expect(files.read(stillOld) == notes1.bytes)
        // Even given the new blob's id, none of bob's keys opens it.
        let newRef = try #require(try await carol.folderReferencesForTesting("project")["after-removal.txt"]?.first)
        for key in bobKeys {
            var guess = newRef
            guess.key = key
            #expect(await Self.code { try await bob.downloadFile(guess, to: files.out("guess"), progress: nil) } == "file.wrong_key")
        }
        for member in [alice, carol, dave] {
            let out = files.out("after")
            try await member.getFile(folder: "project", name: "after-removal.txt", to: out)
            #expect(files.read(out) == secret.bytes, "\(member.username)")
        }

        // alice rekeys; interrupted after one version (and the next one's upload), then resumed.
        let before = try await alice.folderReferencesForTesting("project")
        let rekeyDir = homes[0].path + "/rekey"
        let partial = try await alice.rekeyFolderForTesting("project", workDirectory: rekeyDir, stoppingAfter: 1)
        #expect(partial.rekeyed == 1)
        let resumed = try await alice.rekeyFolder("project", workDirectory: rekeyDir)
        #expect(resumed.rekeyed == 4 && resumed.total == 5)
        let after = try await alice.folderReferencesForTesting("project")
        #expect(after.mapValues { $0.count } == before.mapValues { $0.count })
        let oldBlobs = Set(before.values.flatMap { $0 }.map(\.blobId)), newBlobs = Set(after.values.flatMap { $0 }.map(\.blobId))
        #expect(oldBlobs.isDisjoint(with: newBlobs) && newBlobs.count == 5)
        #expect(Set(before.values.flatMap { $0 }.map(\.key)).isDisjoint(with: Set(after.values.flatMap { $0 }.map(\.key))))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: rekeyDir))?.isEmpty ?? true, "no plaintext left behind")
        // The other members follow the rekey and read every version from the new blobs.
        for member in [carol, dave] {
            _ = try await member.folderFiles("project")
            let refs = try await member.folderReferencesForTesting("project")
            #expect(Set(refs.values.flatMap { $0 }.map(\.blobId)) == newBlobs, "\(member.username)")
            let out = files.out("v1")
            try await member.getFile(folder: "project", name: "notes.txt", version: 1, to: out)
            #expect(files.read(out) == notes1.bytes)
            let out3 = files.out("v3")
            try await member.getFile(folder: "project", name: "notes.txt", version: 3, to: out3)
            #expect(files.read(out3) == third.bytes)
        }
        // bob's client never learned the new references or keys: they went only to the current epoch.
        _ = try await bob.folderFiles("project")
        let bobRefs = try await bob.folderReferencesForTesting("project").values.flatMap { $0 }
        #expect(Set(bobRefs.map(\.blobId)).isDisjoint(with: newBlobs) && Set(bobRefs.map(\.key)) == Set(bobKeys))
        // bob's old keys open none of the rekeyed blobs, and the old blobs are unpinned and collected.
        for reference in after.values.flatMap({ $0 }) where reference.size > 0 {
            for key in bobKeys {
                var guess = reference
                guess.key = key
                #expect(await Self.code { try await bob.downloadFile(guess, to: files.out("guess"), progress: nil) } == "file.wrong_key")
            }
        }
        var remaining = oldBlobs.union([dataBlob])
        for _ in 0..<300 where !remaining.isEmpty {
            for id in remaining where try await !blobExists(id) { remaining.remove(id) }
            if !remaining.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(remaining.isEmpty, "old blobs still on the server: \(remaining.count)")
        for id in newBlobs { #expect(try await blobExists(id), "a current version's blob was collected") }
        // bob's client still lists the old versions, but what they point at is gone: a clear error.
        for (name, version) in [("notes.txt", 1), ("notes.txt", 2), ("empty", 1)] {
            let lost = await Self.error { try await bob.getFile(folder: "project", name: name, version: version, to: files.out("x")) }
            #expect(lost?.code.rawValue == "folder.removed", "\(name) v\(version): \(String(describing: lost))")
            #expect(lost?.message == "version \(version) of '\(name)' is no longer readable by this device")
        }

        // The server stored ciphertext only.
        for client in [alice, bob, carol, dave] { try await client.close() }
        server.stop()
        let stored = try await serverBytes(server, database: database)
        #expect(!stored.isEmpty)
        for (name, bytes) in stored {
            for marker in files.markers {
                #expect(bytes.range(of: Data(marker.utf8)) == nil, "plaintext of a folder file in \(name)")
            }
            #expect(bytes.range(of: Data("notes.txt".utf8)) == nil, "a folder file name in \(name)")
        }
    }
}
