import CoveProtocol
import Foundation

/// Shared folders (issue 5, docs/folders.md): a folder is an MLS group of kind `folder` whose
/// manifest travels only as MLS application messages (``FolderEntry``); each member's store
/// materialises it. File contents are encrypted files (docs/file-format.md) uploaded with
/// ``uploadFile(at:progress:)``, pinned to the folder's group on the server, and read with
/// ``downloadFile(_:to:progress:)``; their keys never leave MLS.
extension CoveClient {
    /// Creates a shared folder with `members` (user names; all their devices and this user's other
    /// devices are added).
    public func createFolder(name: String, members: [String]) async throws -> Conversation {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 256 else {
            throw CoveClientError(.invalidInput, "'\(name)' is not a usable folder name", hint: "use 1-256 characters")
        }
        return try await locked {
            try await self.flushOutbox()
            let record = try await self.createConversation(kind: "folder", name: trimmed, users: members)
            // The creator has seen every change of the folder: its manifest is complete from the start.
            var manifest = try await self.loadFolderManifest(record.groupId)
            manifest.synced = true
            try await self.store.apply(StoreBatch([try self.folderManifestChange(record.groupId, manifest)]))
            return self.conversation(record)
        }
    }

    /// The shared folders this device knows, active or not. With `refresh`, first processes what
    /// the server queued (new folders, changes), keeping the events for ``sync()``.
    public func folders(refresh: Bool = true) async throws -> [Conversation] {
        if refresh { try await catchUp() }
        return try await store.groups().filter { $0.kind == "folder" }.map(conversation)
    }

    /// Sends the outbox and processes the queue; events stay recorded for ``sync()``/``events()``.
    func catchUp() async throws {
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
        }
    }

    /// Adds every device of `username` to a folder. The commit is followed by the folder's
    /// manifest (a snapshot), so the new member sees the current files.
    public func addFolderMember(folder: String, username: String) async throws {
        let record = try await resolveFolder(folder)
        try await addMember(conversation: GroupID(record.groupId).string, username: username)
    }

    /// Removes every device of `username` from a folder (an MLS Remove commit: files put
    /// afterwards use keys sent only in the new epoch). Files they could read stay readable to
    /// them until ``rekeyFolder(_:workDirectory:options:progress:)``.
    public func removeFolderMember(folder: String, username: String) async throws {
        let record = try await resolveFolder(folder)
        try await removeMember(conversation: GroupID(record.groupId).string, username: username)
    }

    /// The files of a folder, every version. With `refresh`, first processes what the server
    /// queued (see ``folders(refresh:)``); without, what this device last knew.
    public func folderFiles(_ folder: String, refresh: Bool = true) async throws -> [FolderFile] {
        if refresh { try await catchUp() }
        let record = try await resolveFolder(folder)
        let manifest = try await loadFolderManifest(record.groupId)
        return manifest.files.keys.sorted().map { name in
            FolderFile(name: name, versions: (manifest.files[name] ?? []).map { FolderFileVersion(name: name, $0) })
        }
    }

    /// Encrypts and uploads the file at `path` and adds it to the folder as `name` (default: the
    /// path's last component): version 1 for a new name, else the next version (earlier ones stay).
    ///
    /// - Throws: `folder.invalid_entry` for a bad name, `folder.unknown`, `conversation.not_member`.
    @discardableResult
    public func putFile(folder: String, path: String, name: String? = nil, options: TransferOptions = TransferOptions(),
                        progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> FolderFileVersion {
        let fileName = name ?? (path as NSString).lastPathComponent
        try FolderName.check(fileName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CoveClientError(.invalidInput, "no file at \(path)", hint: "give the path of a regular file")
        }
        let record = try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            return try await self.resolveFolder(folder)
        }
        guard record.active else { throw Self.removedFromFolder(folder) }
        // Upload and pin outside the lock (long; the transfer API takes what it needs). The pin
        // comes before the announcement, so no member ever sees a file GC could delete.
        var reference = try await uploadFile(at: path, options: options, progress: progress)
        reference.name = fileName
        try await pinBlob(reference.blobId, groupId: record.groupId)
        return try await locked {
            // Catch up, so the put goes out in the current epoch with the next version number.
            try await self.processQueue()
            var manifest = try await self.loadFolderManifest(record.groupId)
            let version = (manifest.latest(fileName)?.version ?? 0) + 1
            let entry = FolderVersionRecord(version: version, file: reference, by: self.identity.username, device: self.identity.deviceId,
                                            at: Self.nowMillis)
            try manifest.applyPut(entry, name: fileName)
            try await self.sendFolderEntry(groupId: record.groupId, .put(name: fileName, version: version, file: reference, sentAt: entry.at),
                                           with: [try self.folderManifestChange(record.groupId, manifest)])
            return FolderFileVersion(name: fileName, entry)
        }
    }

    /// Downloads, decrypts and verifies version `version` (default: the latest) of a folder
    /// file to `path` (written atomically).
    ///
    /// - Throws: `folder.unknown_file`, `folder.unknown_version`, `folder.removed` (this device was
    ///   removed and the version's blob is gone or re-encrypted), and the transfer's errors.
    @discardableResult
    public func getFile(folder: String, name: String, version: Int? = nil, to path: String, options: TransferOptions = TransferOptions(),
                        progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> FolderFileVersion {
        let (reference, info, active) = try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            let record = try await self.resolveFolder(folder)
            do {
                let found = try await self.loadFolderManifest(record.groupId).version(name, version)
                return (found.file, FolderFileVersion(name: name, found), record.active)
            } catch let error as CoveClientError where !record.active {
                // Say why: a removed device learns nothing of what was put after its removal.
                throw CoveClientError(error.code, error.message,
                                      hint: "this device was removed from '\(folder)': files put since then are not readable to it")
            }
        }
        do {
            try await downloadFile(reference, to: path, options: options, progress: progress)
        } catch let error as CoveClientError where !active && [.fileMissing, .fileWrongKey].contains(error.code) {
            // The members rekeyed or removed it after this device was removed: its old key is useless now.
            throw CoveClientError(.removedFromFolder, "version \(info.version) of '\(name)' is no longer readable by this device",
                                  hint: "this device was removed from '\(folder)' and the members re-encrypted or removed the file since")
        }
        return info
    }

    /// Removes a file and all its versions from the folder, and unpins their blobs (the server
    /// collects them after its grace period).
    public func removeFile(folder: String, name: String) async throws {
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            let record = try await self.resolveFolder(folder)
            guard record.active else { throw Self.removedFromFolder(folder) }
            var manifest = try await self.loadFolderManifest(record.groupId)
            _ = try manifest.version(name, nil)
            let removed = try manifest.applyRemove(name: name)
            let stillReferenced = manifest.referencedBlobs
            manifest.pendingUnpins += removed.map(\.file.blobId).filter { !stillReferenced.contains($0) }
            try await self.sendFolderEntry(groupId: record.groupId, .remove(name: name, sentAt: Self.nowMillis),
                                           with: [try self.folderManifestChange(record.groupId, manifest)])
            try await self.flushFolderUnpins(groupId: record.groupId)
        }
    }
}

extension CoveClient {
    /// The error for a change attempted by a device no longer in the folder.
    static func removedFromFolder(_ folder: String) -> CoveClientError {
        CoveClientError(.notAMember, "this device is no longer a member of '\(folder)'",
                        hint: "a member removed it; ask a member of the folder to add you again")
    }

    /// Test hook: the file references (keys included) this device holds for a folder, by name.
    @_spi(Testing)
    public func folderReferencesForTesting(_ folder: String) async throws -> [String: [FileReference]] {
        let record = try await resolveFolder(folder)
        return try await loadFolderManifest(record.groupId).files.mapValues { $0.map(\.file) }
    }
}
