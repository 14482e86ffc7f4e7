import CoveProtocol
import Foundation
import MLS

extension SealContext {
    /// A folder's manifest (file keys inside), bound to its group.
    static func folderManifest(_ id: [UInt8]) -> [UInt8] { Array("cove-client-v1/folder-manifest/".utf8) + id }
}

extension CoveClient {
    /// The settings key of a folder's sealed manifest.
    static func folderManifestKey(_ groupId: [UInt8]) -> String { "folder.manifest." + GroupID(groupId).string }

    /// The folder's manifest; an empty unsynced one if this device has none yet (a joiner).
    func loadFolderManifest(_ groupId: [UInt8]) async throws -> FolderManifest {
        guard let sealed = try await store.setting(Self.folderManifestKey(groupId)) else { return FolderManifest(synced: false) }
        let plain = try sealer.open(sealed, associatedData: SealContext.folderManifest(groupId))
        do { return try JSONDecoder().decode(FolderManifest.self, from: Data(plain)) } catch {
            throw CoveClientError(.corruptStore, "a folder manifest in the store is damaged")
        }
    }

    /// The store change that writes `manifest` (sealed), to apply with whatever caused it.
    func folderManifestChange(_ groupId: [UInt8], _ manifest: FolderManifest) throws -> StoreBatch.Change {
        let plain = Array(try JSONEncoder().encode(manifest))
        return .setSetting(key: Self.folderManifestKey(groupId), value: try sealer.seal(plain, associatedData: SealContext.folderManifest(groupId)))
    }

    /// The active folder named `nameOrId` (folders only, so a group of the same name does not clash).
    func resolveFolder(_ nameOrId: String) async throws -> GroupRecord {
        let all = try await store.groups().filter { $0.kind == "folder" }
        if let id = GroupID(string: nameOrId), let match = all.first(where: { $0.groupId == id.bytes }) { return match }
        let named = all.filter { $0.active && $0.name == nameOrId }
        if named.count > 1 {
            throw CoveClientError(.ambiguousConversation, "several folders are named '\(nameOrId)'", hint: "use the folder id (cove folder list)")
        }
        guard let folder = named.first ?? all.first(where: { $0.name == nameOrId }) else {
            throw CoveClientError(.unknownFolder, "no folder named '\(nameOrId)'", hint: "list them with `cove folder list`")
        }
        return folder
    }

    /// Encrypts a folder entry for the group and writes the advanced group state, the outbox
    /// entry and `changes` (the manifest it produces) in one transaction, then submits. Like
    /// ``sendContent(groupId:content:history:clientId:)`` for content that is not `AppContent`.
    func sendFolderEntry(groupId: [UInt8], _ entry: FolderEntry, with changes: [StoreBatch.Change]) async throws {
        guard let loaded = try await loadGroup(groupId), loaded.record.active else {
            throw CoveClientError(.notAMember, "this device is no longer a member of the folder")
        }
        var group = loaded.group
        let ciphertext: MLSMessage
        do { ciphertext = try group.encryptApplicationData(entry.encoded) } catch {
            throw CoveClientError(.mls, "cannot encrypt for this folder (\(error))")
        }
        let id = "f-" + UUID().uuidString.lowercased()
        let request = SubmitMessageRequest(clientMessageId: id, message: Base64Bytes(ciphertext.mlsEncoded))
        let outbox = OutboxRecord(id: id, groupId: groupId, kind: Self.outboxMessage, request: Array(try JSONEncoder().encode(request)),
                                  createdAt: Self.nowMillis)
        try await store.apply(StoreBatch([.putGroup(try updated(loaded.record, with: group)), .putOutbox(outbox)] + changes))
        if case .rejected(let error) = try await submit(outbox) { throw error }
    }

    /// Sends the folder's manifest to the group (after an Add, so that joiners see the current
    /// files: they cannot read the puts of earlier epochs). Lock held.
    func sendFolderSnapshot(groupId: [UInt8]) async throws {
        let manifest = try await loadFolderManifest(groupId)
        for entry in manifest.snapshotEntries() {
            try await sendFolderEntry(groupId: groupId, entry, with: [])
        }
    }

    // MARK: Pins

    /// Pins a blob to the folder's group so garbage collection keeps it (idempotent on the
    /// server). Throws `file.missing` if the blob is gone (a loose upload collected meanwhile).
    func pinBlob(_ blobId: String, groupId: [UInt8]) async throws {
        do {
            let _: BlobPinStatus = try await authed(.POST, "/v1/blobs/\(blobId)/pin", PinBlobRequest(groupId: GroupID(groupId)))
        } catch let failure as APIFailure {
            throw CoveClientError.fromBlob(failure)
        }
    }

    /// Unpins what the manifest lists as pending (lock held); each unpin is recorded once done.
    /// A blob already collected counts as unpinned; other failures leave the rest for next time.
    func flushFolderUnpins(groupId: [UInt8]) async throws {
        var manifest = try await loadFolderManifest(groupId)
        while let blobId = manifest.pendingUnpins.first {
            // A version still referencing it (e.g. a rekey announced the same blob again) keeps it.
            if !manifest.referencedBlobs.contains(blobId) {
                do {
                    let _: BlobPinStatus = try await authed(.DELETE, "/v1/blobs/\(blobId)/pin?groupId=\(GroupID(groupId).string)")
                } catch let failure as APIFailure where failure.code == .unknownBlob {
                    // Collected already: nothing to unpin.
                } catch let failure as APIFailure {
                    throw failure.clientError
                }
            }
            manifest.pendingUnpins.removeFirst()
            try await store.apply(StoreBatch([try folderManifestChange(groupId, manifest)]))
        }
    }

    // MARK: Receiving

    /// Applies a received folder entry to the manifest (in `batch`). A bad entry changes nothing
    /// and becomes an alert. Returns the events to report.
    func handleFolderEntry(_ data: [UInt8], record: GroupRecord, sender: DeviceCredential, batch: inout StoreBatch) async throws -> [ClientEvent] {
        let folder = displayName(record)
        func rejected(_ reason: String) -> [ClientEvent] {
            [alert("folder", "a change to folder '\(folder)' from \(sender.username) was ignored: \(reason)", GroupID(record.groupId))]
        }
        guard record.kind == "folder" || record.kind == "pending" else { return rejected("the conversation is not a folder") }
        var manifest = try await loadFolderManifest(record.groupId)
        do {
            let entry = try FolderEntry.decode(data)
            switch entry.type {
            case FolderEntry.put:
                guard let name = entry.name, let version = entry.version, let file = entry.file else { return [] }
                try manifest.applyPut(FolderVersionRecord(version: version, file: file, by: sender.username, device: sender.deviceId,
                                                          at: entry.sentAt ?? Self.nowMillis), name: name)
            case FolderEntry.remove:
                guard let name = entry.name else { return [] }
                try manifest.applyRemove(name: name)
            case FolderEntry.rekey:
                guard let name = entry.name, let version = entry.version, let file = entry.file else { return [] }
                try manifest.applyRekey(name: name, version: version, file: file)
            case FolderEntry.snapshot:
                guard let files = entry.files, let part = entry.part, let parts = entry.parts,
                      manifest.mergeSnapshot(files, part: part, parts: parts) else { return [] }
            default:
                return []
            }
        } catch let error as CoveClientError {
            return rejected(error.message)
        }
        batch.append(try folderManifestChange(record.groupId, manifest))
        return []
    }
}
