import Foundation

/// A shared-folder change, carried only as MLS application content (HELPERS.md "Application
/// content"; docs/folders.md). One JSON object, `v: 1`, bounded like other control content:
///
/// - `{"v":1,"type":"folder.put","name":N,"version":V,"file":FileReference,"sentAt":ms}`: version V
///   of file N (V = 1 for a new name, else the latest version + 1; earlier versions stay).
/// - `{"v":1,"type":"folder.rm","name":N,"sentAt":ms}`: file N and all its versions are gone.
/// - `{"v":1,"type":"folder.rekey","name":N,"version":V,"file":FileReference}`: version V of N was
///   re-encrypted under a fresh key into a new blob (`folder rekey`); the old blob is unpinned.
/// - `{"v":1,"type":"folder.snapshot","files":[FolderSnapshotItem],"part":P,"parts":T}`: the whole
///   manifest, sent by whoever commits an Add right after the commit (a joiner cannot read the
///   messages of earlier epochs), in parts of at most ``snapshotPartSize`` versions.
struct FolderEntry: Codable, Sendable, Hashable {
    var v: Int
    var type: String
    var name: String?
    var version: Int?
    var file: FileReference?
    var sentAt: Int64?
    var files: [FolderSnapshotItem]?
    var part: Int?
    var parts: Int?

    static let put = "folder.put"
    static let remove = "folder.rm"
    static let rekey = "folder.rekey"
    static let snapshot = "folder.snapshot"

    /// Versions per snapshot part: keeps each part under the 64 KiB control-content bound even
    /// with 255-byte names.
    static let snapshotPartSize = 64
    /// Highest version number accepted (a bound, not a quota: 1e6 puts of one name).
    static let maxVersion = 1_000_000
    /// Most snapshot parts accepted (64 versions each).
    static let maxParts = 10_000

    static func put(name: String, version: Int, file: FileReference, sentAt: Int64) -> FolderEntry {
        FolderEntry(v: 1, type: put, name: name, version: version, file: file, sentAt: sentAt)
    }

    static func remove(name: String, sentAt: Int64) -> FolderEntry {
        FolderEntry(v: 1, type: remove, name: name, sentAt: sentAt)
    }

    static func rekey(name: String, version: Int, file: FileReference) -> FolderEntry {
        FolderEntry(v: 1, type: rekey, name: name, version: version, file: file)
    }

    static func snapshot(_ files: [FolderSnapshotItem], part: Int, parts: Int) -> FolderEntry {
        FolderEntry(v: 1, type: snapshot, files: files, part: part, parts: parts)
    }

    var encoded: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }

    /// Whether `bytes` claim to be folder content (so that nothing else parses them).
    static func isFolderContent(_ bytes: [UInt8]) -> Bool {
        struct Probe: Decodable { var type: String? }
        guard bytes.count <= AppContent.maxControlBytes,
              let probe = try? JSONDecoder().decode(Probe.self, from: Data(bytes)) else { return false }
        return probe.type?.hasPrefix("folder.") == true
    }

    /// Parses and validates folder content; throws `folder.invalid_entry` saying what is wrong.
    static func decode(_ bytes: [UInt8]) throws -> FolderEntry {
        guard bytes.count <= AppContent.maxControlBytes else { throw invalid("the entry is larger than 64 KiB") }
        let entry: FolderEntry
        do { entry = try JSONDecoder().decode(FolderEntry.self, from: Data(bytes)) } catch {
            throw invalid("the entry is not a folder object")
        }
        try entry.validate()
        return entry
    }

    func validate() throws {
        guard v == 1 else { throw Self.invalid("unsupported version \(v)") }
        switch type {
        case Self.put, Self.rekey:
            try Self.checkName(name)
            try Self.checkVersion(version)
            guard let file else { throw Self.invalid("the entry has no file reference") }
            try Self.checkReference(file)
        case Self.remove:
            try Self.checkName(name)
        case Self.snapshot:
            guard let files, files.count <= Self.snapshotPartSize else { throw Self.invalid("a snapshot part holds 0-\(Self.snapshotPartSize) versions") }
            guard let part, let parts, parts >= 1, parts <= Self.maxParts, (1...parts).contains(part) else {
                throw Self.invalid("a snapshot part number is out of range")
            }
            for item in files {
                try Self.checkName(item.name)
                try Self.checkVersion(item.version)
                try Self.checkReference(item.file)
                guard !item.by.isEmpty, item.by.utf8.count <= 64, item.device.utf8.count <= 128 else { throw Self.invalid("a snapshot author is invalid") }
            }
        default:
            throw Self.invalid("unknown folder entry type")
        }
    }

    static func checkName(_ name: String?) throws {
        guard let name else { throw invalid("the entry has no file name") }
        if let problem = FolderName.problem(name) { throw invalid(problem) }
    }

    static func checkVersion(_ version: Int?) throws {
        guard let version, (1...maxVersion).contains(version) else { throw invalid("the version is not between 1 and \(maxVersion)") }
    }

    /// A reference must name a plausible blob and carry a 32-byte key and a SHA-256.
    static func checkReference(_ file: FileReference) throws {
        let blobChars = file.blobId.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
        guard !file.blobId.isEmpty, file.blobId.utf8.count <= 128, blobChars else { throw invalid("the blob id is malformed") }
        guard file.key.count == 32 else { throw invalid("the file key is not 32 bytes") }
        guard file.size >= 0 else { throw invalid("the file size is negative") }
        let hex = file.sha256.unicodeScalars.allSatisfy { "0123456789abcdef".unicodeScalars.contains($0) }
        guard file.sha256.utf8.count == 64, hex else { throw invalid("the file hash is not a SHA-256 in hex") }
    }

    static func invalid(_ reason: String) -> CoveClientError {
        CoveClientError(.invalidFolderEntry, "invalid folder entry: \(reason)")
    }
}

/// One version in a ``FolderEntry`` snapshot.
struct FolderSnapshotItem: Codable, Sendable, Hashable {
    var name: String
    var version: Int
    var file: FileReference
    /// The user who put it and their device.
    var by: String
    var device: String
    /// Unix milliseconds, as the putter claimed.
    var at: Int64
}
