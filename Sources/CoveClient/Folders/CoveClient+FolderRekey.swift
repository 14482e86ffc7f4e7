import CoveProtocol
import Crypto
import Foundation

extension CoveClient {
    /// Re-encrypts every kept version of every file of a folder under a fresh key, for when a
    /// removed member must lose access to the old files too: each version is downloaded,
    /// re-encrypted and uploaded as a new blob (``uploadFile(at:progress:)``: fresh key), pinned,
    /// announced to the current members in a `folder.rekey` entry, and its old blob unpinned.
    ///
    /// Resumable: the plan and each finished upload are written to the store before the next
    /// step, so calling it again after an interruption continues where it stopped (the transfers
    /// resume too). Plaintext passes through `workDirectory` (created 0700; a file is deleted as
    /// soon as it is uploaded), which should be on the device's private storage, e.g. its home.
    ///
    /// - Parameter progress: called with (versions done, versions in the plan).
    @discardableResult
    /// - Parameter options: transfer options (rate limit) for the downloads and uploads.
    public func rekeyFolder(_ folder: String, workDirectory: String, options: TransferOptions = TransferOptions(),
                            progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> FolderRekeyReport {
        try await rekeyFolder(folder, workDirectory: workDirectory, options: options, stoppingAfter: nil, progress: progress)
    }

    /// Test hook: a rekey that stops (as if interrupted) after `limit` versions and the upload of
    /// the next one, before announcing it, leaving its progress in the store for the next call.
    @_spi(Testing)
    public func rekeyFolderForTesting(_ folder: String, workDirectory: String, stoppingAfter limit: Int) async throws -> FolderRekeyReport {
        try await rekeyFolder(folder, workDirectory: workDirectory, options: TransferOptions(), stoppingAfter: limit, progress: nil)
    }

    func rekeyFolder(_ folder: String, workDirectory: String, options: TransferOptions, stoppingAfter limit: Int?,
                     progress: (@Sendable (Int, Int) -> Void)?) async throws -> FolderRekeyReport {
        let (groupId, plan) = try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            let record = try await self.resolveFolder(folder)
            guard record.active else { throw Self.removedFromFolder(folder) }
            try await self.flushFolderUnpins(groupId: record.groupId)
            var manifest = try await self.loadFolderManifest(record.groupId)
            if manifest.rekey == nil {
                let items = manifest.files.keys.sorted().flatMap { name in
                    (manifest.files[name] ?? []).map { FolderRekeyProgress.Item(name: name, version: $0.version, old: $0.file) }
                }
                manifest.rekey = FolderRekeyProgress(items: items)
                try await self.store.apply(StoreBatch([try self.folderManifestChange(record.groupId, manifest)]))
            }
            return (record.groupId, manifest.rekey ?? FolderRekeyProgress(items: []))
        }
        do {
            try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CoveClientError(.storeUnavailable, "cannot create \(workDirectory)", hint: "check the path and permissions")
        }
        let total = plan.done + plan.items.count
        var rekeyed = 0
        progress?(plan.done, total)
        for (index, item) in plan.items.enumerated() {
            if let limit, index >= limit {
                // Interrupted between recording the upload and announcing it.
                _ = try await rekeyVersion(item, groupId: groupId, workDirectory: workDirectory, options: options, announce: false)
                return FolderRekeyReport(rekeyed: rekeyed, total: total)
            }
            if try await rekeyVersion(item, groupId: groupId, workDirectory: workDirectory, options: options) { rekeyed += 1 }
            progress?(plan.done + rekeyed, total)
        }
        return try await locked {
            var manifest = try await self.loadFolderManifest(groupId)
            manifest.rekey = nil
            try await self.store.apply(StoreBatch([try self.folderManifestChange(groupId, manifest)]))
            try await self.flushFolderUnpins(groupId: groupId)
            return FolderRekeyReport(rekeyed: rekeyed, total: manifest.files.values.reduce(0) { $0 + $1.count })
        }
    }

    /// One version: upload the re-encrypted copy (unless an earlier run did), pin it, then
    /// announce it and unpin the old blob. Returns false if the version went away meanwhile
    /// (removed, or rekeyed by another member), in which case the new copy is unpinned.
    ///
    /// Crash safety: the new reference is recorded before it is pinned, and the plaintext copy is
    /// deleted only once the pin holds, so a rerun never uploads a version twice while an earlier
    /// upload stays pinned (a leak no one would unpin); a recorded upload that the server collected
    /// before the rerun could pin it (loose past the grace period) is uploaded again.
    func rekeyVersion(_ item: FolderRekeyProgress.Item, groupId: [UInt8], workDirectory: String, options: TransferOptions,
                      announce: Bool = true) async throws -> Bool {
        func isCurrent(_ manifest: FolderManifest) -> Bool {
            manifest.files[item.name]?.first { $0.version == item.version }?.file.blobId == item.old.blobId
        }
        // A stable path per version, so an interrupted transfer resumes on the same file.
        let tag = SHA256.hash(data: Data(GroupID(groupId).string.utf8) + Data("/\(item.version)/\(item.name)".utf8))
        let temp = (workDirectory as NSString).appendingPathComponent("rekey-" + tag.map { String(format: "%02x", $0) }.joined())
        var uploaded = item.new
        var attempts = 0
        while true {
            attempts += 1
            if uploaded == nil {
                let current = try await locked { try await self.loadFolderManifest(groupId) }
                if !isCurrent(current) {
                    try await dropRekeyItem(item, groupId: groupId, unpinning: nil)
                    try? FileManager.default.removeItem(atPath: temp)
                    return false
                }
                if !FileManager.default.fileExists(atPath: temp) {
                    try await downloadFile(item.old, to: temp, options: options, progress: nil)
                }
                var reference = try await uploadFile(at: temp, options: options, progress: nil)
                reference.name = item.name
                try await recordRekeyUpload(item, reference, groupId: groupId)
                uploaded = reference
            }
            guard let reference = uploaded else { return false }
            do {
                try await pinBlob(reference.blobId, groupId: groupId)
                break
            } catch let error as CoveClientError where error.code == .fileMissing && attempts == 1 {
                try await recordRekeyUpload(item, nil, groupId: groupId)
                uploaded = nil
            }
        }
        try? FileManager.default.removeItem(atPath: temp)
        guard let reference = uploaded, announce else { return false }
        return try await locked {
            try await self.processQueue()
            var manifest = try await self.loadFolderManifest(groupId)
            guard isCurrent(manifest) else {
                manifest.rekey?.items.removeAll { $0.name == item.name && $0.version == item.version }
                manifest.pendingUnpins.append(reference.blobId)
                try await self.store.apply(StoreBatch([try self.folderManifestChange(groupId, manifest)]))
                try await self.flushFolderUnpins(groupId: groupId)
                return false
            }
            try manifest.applyRekey(name: item.name, version: item.version, file: reference)
            manifest.pendingUnpins.append(item.old.blobId)
            manifest.rekey?.items.removeAll { $0.name == item.name && $0.version == item.version }
            manifest.rekey?.done += 1
            try await self.sendFolderEntry(groupId: groupId, .rekey(name: item.name, version: item.version, file: reference),
                                           with: [try self.folderManifestChange(groupId, manifest)])
            try await self.flushFolderUnpins(groupId: groupId)
            return true
        }
    }

    /// Records (or clears) the re-encrypted upload of a planned version, before anything else
    /// happens to it: a rerun announces this upload instead of making another.
    func recordRekeyUpload(_ item: FolderRekeyProgress.Item, _ reference: FileReference?, groupId: [UInt8]) async throws {
        try await locked {
            var manifest = try await self.loadFolderManifest(groupId)
            guard var rekey = manifest.rekey, let index = rekey.items.firstIndex(where: { $0.name == item.name && $0.version == item.version })
            else { return }
            rekey.items[index].new = reference
            manifest.rekey = rekey
            try await self.store.apply(StoreBatch([try self.folderManifestChange(groupId, manifest)]))
        }
    }

    func dropRekeyItem(_ item: FolderRekeyProgress.Item, groupId: [UInt8], unpinning blobId: String?) async throws {
        try await locked {
            var manifest = try await self.loadFolderManifest(groupId)
            manifest.rekey?.items.removeAll { $0.name == item.name && $0.version == item.version }
            if let blobId { manifest.pendingUnpins.append(blobId) }
            try await self.store.apply(StoreBatch([try self.folderManifestChange(groupId, manifest)]))
        }
    }
}
