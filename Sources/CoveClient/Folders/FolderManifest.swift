/// One member device's materialised view of a shared folder: every file, every version, who put
/// it and when, plus the work this device still owes the folder (unpins, a rekey in progress).
/// Stored sealed under the store key (it holds file keys) as one value per folder, so each change
/// is written atomically with the group state and outbox entry that caused it.
struct FolderManifest: Codable, Sendable, Hashable {
    /// True once this device holds the whole manifest: the creator from the start, a joiner after
    /// the last part of the snapshot its Add brought. Until then any version of a name is accepted
    /// (puts of the new epoch may arrive before the snapshot) and snapshots merge in.
    var synced: Bool
    /// Versions of each file, ascending.
    var files: [String: [FolderVersionRecord]] = [:]
    /// Snapshot parts received while not synced.
    var snapshotParts: Set<Int> = []
    /// Blobs this device unpinned in the manifest but not yet on the server (retried).
    var pendingUnpins: [String] = []
    /// A `folder rekey` in progress on this device.
    var rekey: FolderRekeyProgress?
    /// While not synced: names removed by an `rm` that arrived before the snapshot (which predates
    /// it), so the snapshot does not bring them back. Cleared once synced.
    var removedBeforeSync: Set<String>?
    /// While not synced: rekeys of versions the snapshot has not brought yet (name, then version),
    /// applied as the snapshot merges, so a joiner never keeps a reference to an unpinned old blob.
    var rekeyedBeforeSync: [String: [Int: FileReference]]?

    init(synced: Bool) { self.synced = synced }

    func latest(_ name: String) -> FolderVersionRecord? { files[name]?.last }

    /// The version of `name`: the latest when `version` is nil. Throws `folder.unknown_file` /
    /// `folder.unknown_version`.
    func version(_ name: String, _ version: Int?) throws -> FolderVersionRecord {
        guard let versions = files[name], let last = versions.last else {
            throw CoveClientError(.unknownFolderFile, "no file named '\(name)' in the folder", hint: "list the files with `cove folder ls`")
        }
        guard let version else { return last }
        guard let match = versions.first(where: { $0.version == version }) else {
            throw CoveClientError(.unknownFolderVersion, "'\(name)' has no version \(version)",
                                  hint: "it has versions \(versions.map { String($0.version) }.joined(separator: ", "))")
        }
        return match
    }

    /// Applies a put. A synced manifest accepts exactly the next version (1 for a new name);
    /// anything else is a bad entry (an unknown version, or a replay of an existing one).
    mutating func applyPut(_ record: FolderVersionRecord, name: String) throws {
        let existing = files[name] ?? []
        if existing.contains(where: { $0.version == record.version }) {
            throw FolderEntry.invalid("version \(record.version) of '\(name)' already exists")
        }
        let next = (existing.last?.version ?? 0) + 1
        if synced && record.version != next {
            throw FolderEntry.invalid("version \(record.version) of '\(name)' is unknown (expected \(next))")
        }
        files[name] = (existing + [record]).sorted { $0.version < $1.version }
    }

    /// Applies a removal; returns the versions removed (whose blobs no version references now).
    /// Before the snapshot arrived, an unknown name is remembered rather than refused.
    @discardableResult
    mutating func applyRemove(name: String) throws -> [FolderVersionRecord] {
        if !synced {
            removedBeforeSync = (removedBeforeSync ?? []).union([name])
            rekeyedBeforeSync?[name] = nil
            return files.removeValue(forKey: name) ?? []
        }
        guard let removed = files.removeValue(forKey: name) else { throw FolderEntry.invalid("there is no file named '\(name)'") }
        return removed
    }

    /// Applies a rekey of one version; returns the reference it replaced (nil when it is kept for
    /// a snapshot still to come).
    @discardableResult
    mutating func applyRekey(name: String, version: Int, file: FileReference) throws -> FileReference? {
        guard var versions = files[name], let index = versions.firstIndex(where: { $0.version == version }) else {
            if !synced, !(removedBeforeSync ?? []).contains(name) {
                var pending = rekeyedBeforeSync ?? [:]
                pending[name, default: [:]][version] = file
                rekeyedBeforeSync = pending
                return nil
            }
            throw FolderEntry.invalid("version \(version) of '\(name)' is unknown")
        }
        let old = versions[index].file
        // A rekey re-encrypts the same bytes: anything else would be a put in disguise, changing a
        // version's content behind the history that `ls --versions` shows.
        guard file.size == old.size, file.sha256 == old.sha256 else {
            throw FolderEntry.invalid("a rekey of version \(version) of '\(name)' changes its content")
        }
        versions[index].file = file
        files[name] = versions
        return old
    }

    /// Merges one snapshot part (ignored once synced: a member that saw every change since the
    /// folder's creation knows better than a snapshot, which could be older than its state).
    /// Returns whether anything changed.
    mutating func mergeSnapshot(_ items: [FolderSnapshotItem], part: Int, parts: Int) -> Bool {
        guard !synced else { return false }
        for item in items where !(removedBeforeSync ?? []).contains(item.name) {
            var versions = files[item.name] ?? []
            if versions.contains(where: { $0.version == item.version }) { continue }
            var file = item.file
            // A rekey that overtook the snapshot wins, if it keeps the content (as any rekey must).
            if let rekeyed = rekeyedBeforeSync?[item.name]?[item.version], rekeyed.size == file.size, rekeyed.sha256 == file.sha256 {
                file = rekeyed
            }
            versions.append(FolderVersionRecord(version: item.version, file: file, by: item.by, device: item.device, at: item.at))
            files[item.name] = versions.sorted { $0.version < $1.version }
        }
        snapshotParts.insert(part)
        if snapshotParts.isSuperset(of: Set(1...parts)) {
            synced = true
            snapshotParts = []
            removedBeforeSync = nil
            rekeyedBeforeSync = nil
        }
        return true
    }

    /// The snapshot of this manifest, in parts.
    func snapshotEntries() -> [FolderEntry] {
        let items = files.keys.sorted().flatMap { name in
            (files[name] ?? []).map { FolderSnapshotItem(name: name, version: $0.version, file: $0.file, by: $0.by, device: $0.device, at: $0.at) }
        }
        let size = FolderEntry.snapshotPartSize
        let parts = max(1, (items.count + size - 1) / size)
        return (0..<parts).map { index in
            let slice = Array(items[min(index * size, items.count)..<min((index + 1) * size, items.count)])
            return FolderEntry.snapshot(slice, part: index + 1, parts: parts)
        }
    }

    /// Every blob some version references.
    var referencedBlobs: Set<String> { Set(files.values.flatMap { $0.map(\.file.blobId) }) }
}

/// One version of a folder file as stored.
struct FolderVersionRecord: Codable, Sendable, Hashable {
    var version: Int
    var file: FileReference
    var by: String
    var device: String
    /// Unix milliseconds, as the putter claimed.
    var at: Int64
}

/// The state of a `folder rekey` on this device, written before each step so that an interrupted
/// rekey continues where it stopped.
struct FolderRekeyProgress: Codable, Sendable, Hashable {
    struct Item: Codable, Sendable, Hashable {
        var name: String
        var version: Int
        /// The blob being replaced.
        var old: FileReference
        /// The re-encrypted upload, once done and pinned (announced next).
        var new: FileReference?
    }

    /// Versions still to re-encrypt or announce, in order.
    var items: [Item]
    /// Versions finished so far.
    var done: Int = 0
}
