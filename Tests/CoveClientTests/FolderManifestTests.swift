@testable import CoveClient
import Foundation
import Testing

/// The shared-folder manifest rules (docs/folders.md): what a folder entry may say, and how a
/// member's manifest applies puts, removals, rekeys and snapshots. Every rejection is tested.
@Suite("Folder entries and manifest")
struct FolderManifestTests {
    static func reference(_ blob: String = "blobAAAA_-1") -> FileReference {
        FileReference(blobId: blob, key: Array(repeating: 7, count: 32), name: "x", size: 5,
                      sha256: String(repeating: "ab", count: 32))
    }

    static func record(_ version: Int, blob: String = "blobAAAA_-1") -> FolderVersionRecord {
        FolderVersionRecord(version: version, file: reference(blob), by: "alice", device: "d1", at: 1)
    }

    static func json(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// A put as a JSON object; the file reference is encoded by `FileReference` itself.
    static func putObject(name: Any = "a.txt", version: Any = 1, key: [UInt8] = Array(repeating: 1, count: 32),
                          blob: String = "abc", sha: String = String(repeating: "0", count: 64)) throws -> [String: Any] {
        let reference = FileReference(blobId: blob, key: key, name: "a.txt", size: 3, sha256: sha)
        let file = try JSONSerialization.jsonObject(with: JSONEncoder().encode(reference))
        return ["v": 1, "type": "folder.put", "name": name, "version": version, "sentAt": 5, "file": file]
    }

    func expectInvalid(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try FolderEntry.decode(bytes)
            Issue.record("accepted an invalid entry (\(fragment))", sourceLocation: sourceLocation)
        } catch let error as CoveClientError {
            #expect(error.code == .invalidFolderEntry, sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Entries

    @Test func aValidPutRoundTrips() throws {
        let entry = FolderEntry.put(name: "résumé v2.pdf", version: 3, file: Self.reference(), sentAt: 9)
        #expect(FolderEntry.isFolderContent(entry.encoded))
        #expect(try FolderEntry.decode(entry.encoded) == entry)
        #expect(try FolderEntry.decode(Self.json(try Self.putObject())).name == "a.txt")
        // Other application content is not folder content.
        #expect(!FolderEntry.isFolderContent(AppContent.text(id: "1", text: "folder.put", sentAt: 1).encoded))
    }

    @Test func namesWithPathSeparatorsOrControlsAreRejected() throws {
        for name in ["../etc/passwd", "a/b", "/abs", "a\\b", "..", ".", "", "tab\there", "new\nline", "nul\u{0}x", "rtl\u{202E}txt.exe",
                     " lead", "trail "] {
            expectInvalid(try Self.json(try Self.putObject(name: name)), "file name")
            #expect(FolderName.problem(name) != nil, "\(name.debugDescription)")
        }
        expectInvalid(try Self.json(try Self.putObject(name: "a/b")), "'/'")
        #expect(FolderName.problem("plain name (1).txt") == nil)
        #expect(FolderName.problem("日本語.txt") == nil)
    }

    @Test func oversizedNamesAreRejected() throws {
        let longest = String(repeating: "n", count: FolderName.maxBytes)
        #expect(try FolderEntry.decode(Self.json(try Self.putObject(name: longest))).name == longest)
        expectInvalid(try Self.json(try Self.putObject(name: longest + "n")), "longer than 255 bytes")
        // Counted in UTF-8 bytes, not characters: 128 two-byte characters are 256 bytes.
        expectInvalid(try Self.json(try Self.putObject(name: String(repeating: "é", count: 128))), "longer than 255 bytes")
        #expect(throws: CoveClientError.self) { try FolderName.check(longest + "n") }
    }

    @Test func badVersionsAndReferencesAreRejected() throws {
        expectInvalid(try Self.json(try Self.putObject(version: 0)), "version")
        expectInvalid(try Self.json(try Self.putObject(version: -3)), "version")
        expectInvalid(try Self.json(try Self.putObject(version: FolderEntry.maxVersion + 1)), "version")
        expectInvalid(try Self.json(try Self.putObject(version: "1")), "not a folder object")
        expectInvalid(try Self.json(try Self.putObject(key: Array(repeating: 1, count: 31))), "32 bytes")
        expectInvalid(try Self.json(try Self.putObject(blob: "")), "blob id")
        expectInvalid(try Self.json(try Self.putObject(blob: "../x")), "blob id")
        expectInvalid(try Self.json(try Self.putObject(sha: "xyz")), "SHA-256")
        expectInvalid(try Self.json(try Self.putObject(sha: String(repeating: "A", count: 64))), "SHA-256")
        var noFile = try Self.putObject()
        noFile["file"] = nil
        expectInvalid(try Self.json(noFile), "no file reference")
        var noVersion = try Self.putObject()
        noVersion["version"] = nil
        expectInvalid(try Self.json(noVersion), "version")
    }

    @Test func unknownTypesVersionsAndOversizedEntriesAreRejected() throws {
        var other = try Self.putObject()
        other["type"] = "folder.chmod"
        expectInvalid(try Self.json(other), "unknown folder entry type")
        var v2 = try Self.putObject()
        v2["v"] = 2
        expectInvalid(try Self.json(v2), "unsupported version")
        expectInvalid(Array("[1,2]".utf8), "not a folder object")
        var huge = try Self.putObject()
        huge["padding"] = String(repeating: "p", count: AppContent.maxControlBytes)
        expectInvalid(try Self.json(huge), "larger than 64 KiB")
        expectInvalid(try Self.json(["v": 1, "type": "folder.rm"]), "no file name")
    }

    @Test func snapshotPartsAreBounded() throws {
        let item = FolderSnapshotItem(name: "a", version: 1, file: Self.reference(), by: "alice", device: "d", at: 1)
        expectInvalid(FolderEntry.snapshot([item], part: 0, parts: 1).encoded, "part number")
        expectInvalid(FolderEntry.snapshot([item], part: 3, parts: 2).encoded, "part number")
        expectInvalid(FolderEntry.snapshot(Array(repeating: item, count: FolderEntry.snapshotPartSize + 1), part: 1, parts: 1).encoded, "snapshot part holds")
        var badName = item
        badName.name = "x/y"
        expectInvalid(FolderEntry.snapshot([badName], part: 1, parts: 1).encoded, "'/'")
        var noAuthor = item
        noAuthor.by = ""
        expectInvalid(FolderEntry.snapshot([noAuthor], part: 1, parts: 1).encoded, "author")
    }

    // MARK: Manifest

    @Test func putsAddVersionsInOrderAndRejectUnknownOnes() throws {
        var manifest = FolderManifest(synced: true)
        try manifest.applyPut(Self.record(1), name: "a")
        try manifest.applyPut(Self.record(2, blob: "b2"), name: "a")
        #expect(manifest.files["a"]?.map(\.version) == [1, 2])
        #expect(try manifest.version("a", nil).version == 2)
        #expect(try manifest.version("a", 1).file.blobId == "blobAAAA_-1")
        // A skipped version, a repeated one, a new name not starting at 1: all unknown.
        #expect(throws: CoveClientError.self) { try manifest.applyPut(Self.record(4), name: "a") }
        #expect(throws: CoveClientError.self) { try manifest.applyPut(Self.record(2), name: "a") }
        #expect(throws: CoveClientError.self) { try manifest.applyPut(Self.record(2), name: "b") }
        #expect(manifest.files["a"]?.count == 2 && manifest.files["b"] == nil)
        do {
            _ = try manifest.version("a", 7)
            Issue.record("version 7 found")
        } catch let error as CoveClientError {
            #expect(error.code == .unknownFolderVersion)
            #expect(error.hint == "it has versions 1, 2")
        }
        #expect(throws: CoveClientError(.unknownFolderFile, "no file named 'zz' in the folder", hint: "list the files with `cove folder ls`")) {
            try manifest.version("zz", nil)
        }
    }

    @Test func removalsAndRekeysNeedAnExistingFile() throws {
        var manifest = FolderManifest(synced: true)
        try manifest.applyPut(Self.record(1), name: "a")
        #expect(throws: CoveClientError.self) { try manifest.applyRemove(name: "b") }
        #expect(throws: CoveClientError.self) { try manifest.applyRekey(name: "a", version: 2, file: Self.reference("n")) }
        #expect(throws: CoveClientError.self) { try manifest.applyRekey(name: "b", version: 1, file: Self.reference("n")) }
        // A rekey keeps the bytes: another size or hash is refused and changes nothing.
        var resized = Self.reference("other")
        resized.size += 1
        var rehashed = Self.reference("other")
        rehashed.sha256 = String(repeating: "cd", count: 32)
        for changed in [resized, rehashed] {
            #expect(throws: CoveClientError.self) { try manifest.applyRekey(name: "a", version: 1, file: changed) }
        }
        #expect(manifest.files["a"]?.first?.file.blobId == "blobAAAA_-1")
        let old = try manifest.applyRekey(name: "a", version: 1, file: Self.reference("new"))
        #expect(old?.blobId == "blobAAAA_-1" && manifest.files["a"]?.first?.file.blobId == "new")
        #expect(manifest.files["a"]?.first?.by == "alice")  // authorship survives a rekey
        #expect(try manifest.applyRemove(name: "a").map(\.file.blobId) == ["new"])
        #expect(manifest.files.isEmpty && manifest.referencedBlobs.isEmpty)
        // After a removal the name starts again at version 1.
        try manifest.applyPut(Self.record(1), name: "a")
    }

    @Test func aJoinerMergesTheSnapshotAndEarlyPuts() throws {
        var creator = FolderManifest(synced: true)
        for i in 1...70 { try creator.applyPut(Self.record(1, blob: "b\(i)"), name: "f\(i)") }
        try creator.applyPut(Self.record(2, blob: "b1v2"), name: "f1")
        let parts = creator.snapshotEntries()
        #expect(parts.count == 2 && parts.allSatisfy { $0.encoded.count <= AppContent.maxControlBytes })
        for part in parts { _ = try FolderEntry.decode(part.encoded) }

        var joiner = FolderManifest(synced: false)
        // A put of the new epoch may arrive before the snapshot: accepted although version 3 is not "next" yet.
        try joiner.applyPut(Self.record(3, blob: "b1v3"), name: "f1")
        let merged2 = joiner.mergeSnapshot(parts[1].files ?? [], part: 2, parts: 2)
        #expect(merged2)
        #expect(!joiner.synced)
        let merged1 = joiner.mergeSnapshot(parts[0].files ?? [], part: 1, parts: 2)
        #expect(merged1)
        #expect(joiner.synced)
        #expect(joiner.files["f1"]?.map(\.version) == [1, 2, 3])
        #expect(joiner.files.count == 70)
        // Once synced, snapshots are ignored and puts are strict again.
        let late = joiner.mergeSnapshot([FolderSnapshotItem(name: "new", version: 1, file: Self.reference(), by: "m", device: "d", at: 1)],
                                        part: 1, parts: 1)
        #expect(!late)
        #expect(joiner.files["new"] == nil)
        #expect(throws: CoveClientError.self) { try joiner.applyPut(Self.record(5), name: "f1") }
        #expect(joiner.removedBeforeSync == nil && joiner.rekeyedBeforeSync == nil)
        // An empty folder's snapshot is one empty part.
        #expect(FolderManifest(synced: true).snapshotEntries().map { $0.files?.count } == [0])
    }

    @Test func aJoinerKeepsRemovalsAndRekeysThatOvertakeTheSnapshot() throws {
        var creator = FolderManifest(synced: true)
        try creator.applyPut(Self.record(1, blob: "gone1"), name: "gone")
        try creator.applyPut(Self.record(1, blob: "old1"), name: "kept")
        try creator.applyPut(Self.record(2, blob: "old2"), name: "kept")
        try creator.applyPut(Self.record(1, blob: "again-old1"), name: "again")
        try creator.applyPut(Self.record(2, blob: "again-old2"), name: "again")
        let parts = creator.snapshotEntries()

        var joiner = FolderManifest(synced: false)
        // The rm and a rekey of the new epoch arrive before the snapshot (sent at the Add).
        #expect(try joiner.applyRemove(name: "gone").isEmpty)
        #expect(try joiner.applyRekey(name: "kept", version: 1, file: Self.reference("new1")) == nil)
        // A rekey that would change the content is not applied when the snapshot comes.
        var changed = Self.reference("evil2")
        changed.size += 1
        #expect(try joiner.applyRekey(name: "kept", version: 2, file: changed) == nil)
        // A name removed, then put again in the new epoch, keeps only the new put.
        #expect(try joiner.applyRemove(name: "again").isEmpty)
        try joiner.applyPut(Self.record(1, blob: "again-new"), name: "again")
        for part in parts { _ = joiner.mergeSnapshot(part.files ?? [], part: part.part ?? 0, parts: part.parts ?? 0) }
        #expect(joiner.synced)
        #expect(joiner.files["gone"] == nil)
        #expect(joiner.files["kept"]?.map(\.file.blobId) == ["new1", "old2"])
        #expect(joiner.files["again"]?.map(\.file.blobId) == ["again-new"])
        // Synced again: an unknown removal or rekey is refused once more.
        #expect(throws: CoveClientError.self) { try joiner.applyRemove(name: "gone") }
        #expect(throws: CoveClientError.self) { try joiner.applyRekey(name: "kept", version: 9, file: Self.reference("x")) }
    }
}
