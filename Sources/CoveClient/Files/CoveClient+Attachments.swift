import CoveProtocol
import Foundation

/// Attachments: a file sent to a conversation is uploaded (``CoveClient/uploadFile(at:options:progress:)``),
/// then its ``FileReference`` goes to the members inside an MLS application message
/// `{"v":1,"type":"file","id","file","sentAt"}` whose submission lists the blob in `blobIds`, so
/// the server keeps the ciphertext while the message is queued. Every device stores the reference
/// (sealed) under the message id, so the file can be fetched later with `downloadFile(id:...)`.
extension CoveClient {
    /// Sends the file at `path` to the direct chat with `user` (created on first use).
    ///
    /// The upload is resumable: after an interruption, the same call continues it.
    @discardableResult
    public func sendFile(to user: String, path: String, options: TransferOptions = TransferOptions(),
                         progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> SentFile {
        _ = try FileStaging.fingerprint(path: Self.absolutePath(path))
        let groupId = try await locked {
            try await self.flushOutbox()
            if let existing = try await self.directConversation(with: user) { return existing.groupId }
            guard user != self.identity.username else {
                throw CoveClientError(.invalidInput, "cannot start a direct chat with yourself")
            }
            return try await self.createConversation(kind: "direct", name: nil, users: [user]).groupId
        }
        return try await sendFile(groupId: groupId, path: path, options: options, progress: progress)
    }

    /// Sends the file at `path` to a conversation (group name or id).
    @discardableResult
    public func sendFile(conversation: String, path: String, options: TransferOptions = TransferOptions(),
                         progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> SentFile {
        _ = try FileStaging.fingerprint(path: Self.absolutePath(path))
        let record = try await resolve(conversation)
        guard record.active else { throw CoveClientError(.notAMember, "this device is no longer in '\(conversation)'") }
        return try await sendFile(groupId: record.groupId, path: path, options: options, progress: progress)
    }

    private func sendFile(groupId: [UInt8], path: String, options: TransferOptions,
                          progress: (@Sendable (TransferProgress) -> Void)?) async throws -> SentFile {
        // The upload runs without the operation lock (it can take long); only the message needs it.
        let reference = try await uploadFile(at: path, options: options, progress: progress)
        return try await locked {
            try await self.flushOutbox()
            // Catch up first, so every current member can read the message.
            try await self.processQueue()
            let id = UUID().uuidString.lowercased()
            let sentAt = Self.nowMillis
            let record = try self.fileRecord(clientId: id, groupId: groupId, sender: self.identity.username,
                                             device: self.identity.deviceId, reference: reference, sentAt: sentAt)
            try await self.sendContent(groupId: groupId, content: .file(id: id, file: reference, sentAt: sentAt), history: nil,
                                       clientId: id, blobIds: [reference.blobId], extra: [.addFile(record)])
            return SentFile(id: id, conversationId: GroupID(groupId).string, name: reference.name, size: reference.size, sentAt: sentAt)
        }
    }

    /// The reference of a file sent or received on this device, by the id of its file event.
    ///
    /// - Throws: `file.unknown` if no file has this id, `client.invalid_input` if several do
    ///   (only possible if two senders chose the same id).
    public func fileReference(id: String) async throws -> FileReference {
        let records = try await store.files(clientId: id)
        guard let record = records.first else {
            throw CoveClientError(.unknownFile, "no file with id \(id) on this device",
                                  hint: "check the id: it is the id of a file event shown by `cove receive`")
        }
        guard records.count == 1 else {
            throw CoveClientError(.invalidInput, "several files have the id \(id)", hint: "ask the sender to send it again")
        }
        let plain = try sealer.open(record.sealedReference, associatedData: SealContext.file(record.id))
        do { return try JSONDecoder().decode(FileReference.self, from: Data(plain)) } catch {
            throw CoveClientError(.corruptStore, "a file reference in the store is damaged")
        }
    }

    /// Downloads the file of a file event (by its id) to `path`: see ``downloadFile(_:to:options:progress:)``.
    public func downloadFile(id: String, to path: String, options: TransferOptions = TransferOptions(),
                             progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws -> FileReference {
        let reference = try await fileReference(id: id)
        try await downloadFile(reference, to: path, options: options, progress: progress)
        return reference
    }

    // MARK: Internals

    func fileRecord(clientId: String, groupId: [UInt8], sender: String, device: String, reference: FileReference,
                    sentAt: Int64) throws -> FileRecord {
        let id = "\(device):\(clientId)"
        let sealed = try sealer.seal(Array(try JSONEncoder().encode(reference)), associatedData: SealContext.file(id))
        return FileRecord(id: id, clientId: clientId, groupId: groupId, sender: sender, senderDevice: device, name: reference.name,
                          size: reference.size, sealedReference: sealed, sentAt: sentAt)
    }

    /// A received `file` content (already validated by `AppContent.decode`): stores its
    /// reference with the message's processing and reports it.
    func fileReceived(_ content: AppContent, sender: DeviceCredential, group: GroupRecord, receivedAt: Int64,
                      batch: inout StoreBatch) throws -> [ClientEvent] {
        guard let id = content.id, let reference = content.file else { return [] }
        let sentAt = content.sentAt ?? receivedAt
        batch.append(.addFile(try fileRecord(clientId: id, groupId: group.groupId, sender: sender.username, device: sender.deviceId,
                                             reference: reference, sentAt: sentAt)))
        return [.file(ReceivedFile(id: id, conversation: displayName(group), conversationId: GroupID(group.groupId).string,
                                   sender: sender.username, device: sender.deviceId, name: reference.name, size: reference.size,
                                   sentAt: sentAt))]
    }
}
