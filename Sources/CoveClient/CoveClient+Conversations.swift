import CoveProtocol
import Foundation
import MLS

extension CoveClient {
    /// Creates a named group with `members` (user names; all their devices, and this user's other
    /// devices, are added) and tells every member its name (inside the group).
    ///
    /// - Throws: `user.unknown` for a user the server does not know, `keys.rejected` if a device
    ///   cannot be added.
    public func createGroup(name: String, members: [String]) async throws -> Conversation {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 256 else {
            throw CoveClientError(.invalidInput, "'\(name)' is not a usable group name", hint: "use 1-256 characters")
        }
        return try await locked {
            try await self.flushOutbox()
            let record = try await self.createConversation(kind: "group", name: trimmed, users: members)
            return self.conversation(record)
        }
    }

    /// Adds every device of `username` to a group. Earlier messages stay unreadable to them.
    public func addMember(conversation: String, username: String) async throws {
        try await locked {
            try await self.flushOutbox()
            let record = try await self.resolve(conversation)
            guard record.active else { throw CoveClientError(.notAMember, "this device is no longer in '\(conversation)'") }
            if Self.users(of: record).contains(username) {
                throw CoveClientError(.membership, "\(username) is already a member of '\(conversation)'")
            }
            let devices = try await self.directoryDevices(of: username)
            if try await self.changeMembership(groupId: record.groupId, add: devices, removeDeviceIds: []) {
                try await self.sendMeta(groupId: record.groupId)
            }
        }
    }

    /// Removes every device of `username` from a group. Later messages are unreadable to them.
    public func removeMember(conversation: String, username: String) async throws {
        try await locked {
            try await self.flushOutbox()
            let record = try await self.resolve(conversation)
            guard record.active else { throw CoveClientError(.notAMember, "this device is no longer in '\(conversation)'") }
            let ids = Set(record.members.compactMap { member -> String? in
                let parts = member.split(separator: "/", maxSplits: 1).map(String.init)
                return parts.count == 2 && parts[0] == username ? parts[1] : nil
            })
            guard !ids.isEmpty else { throw CoveClientError(.membership, "\(username) is not a member of '\(conversation)'") }
            if username == self.identity.username {
                throw CoveClientError(.invalidInput, "cannot remove yourself", hint: "revoke a device with `cove devices revoke`")
            }
            try await self.changeMembership(groupId: record.groupId, add: [], removeDeviceIds: ids)
        }
    }

    /// Every conversation this device knows, active or not.
    public func conversations() async throws -> [Conversation] {
        try await store.groups().map(conversation)
    }

    /// The devices in a conversation.
    public func members(conversation: String) async throws -> [ConversationMember] {
        let record = try await resolve(conversation)
        return record.members.compactMap { member in
            let parts = member.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2 ? ConversationMember(user: parts[0], device: parts[1]) : nil
        }
    }

    /// The newest `limit` messages of a conversation, oldest first.
    public func history(conversation: String, limit: Int = 50) async throws -> [ChatMessage] {
        let record = try await resolve(conversation)
        return try await store.messages(groupId: record.groupId, limit: limit).map {
            ChatMessage(id: $0.id, sender: $0.sender, device: $0.senderDevice, text: $0.text, sentAt: $0.sentAt)
        }
    }

    /// Sends `text` to the direct chat with `user`, creating it on first use.
    @discardableResult
    public func send(to user: String, text: String) async throws -> SentMessage {
        try Self.checkText(text)
        return try await locked {
            try await self.flushOutbox()
            let record: GroupRecord
            if let existing = try await self.directConversation(with: user) {
                record = existing
            } else {
                guard user != self.identity.username else {
                    throw CoveClientError(.invalidInput, "cannot start a direct chat with yourself")
                }
                record = try await self.createConversation(kind: "direct", name: nil, users: [user])
            }
            return try await self.sendText(groupId: record.groupId, text: text)
        }
    }

    /// Sends `text` to a conversation (name or id).
    @discardableResult
    public func send(conversation: String, text: String) async throws -> SentMessage {
        try Self.checkText(text)
        return try await locked {
            try await self.flushOutbox()
            let record = try await self.resolve(conversation)
            guard record.active else { throw CoveClientError(.notAMember, "this device is no longer in '\(conversation)'") }
            return try await self.sendText(groupId: record.groupId, text: text)
        }
    }

    static func checkText(_ text: String) throws {
        guard !text.isEmpty else { throw CoveClientError(.invalidInput, "the message is empty") }
        guard text.utf8.count <= AppContent.maxTextBytes else {
            throw CoveClientError(.invalidInput, "the message is too long", hint: "at most \(AppContent.maxTextBytes) bytes")
        }
    }

    // MARK: Internals (lock held)

    func createConversation(kind: String, name: String?, users: [String]) async throws -> GroupRecord {
        var devices: [DeviceInfo] = []
        for user in Set(users) where user != identity.username {
            devices += try await directoryDevices(of: user)
        }
        devices += try await directoryDevices(of: identity.username).filter { $0.deviceId != identity.deviceId }
        var id = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in id.indices { id[i] = rng.next() }
        let group = try MLSGroup.create(groupID: id, cipherSuite: DeviceIdentity.suite, signer: signer, configuration: configuration)
        let _: GroupInfoResponse = try await request(.POST, "/v1/groups", CreateGroupRequest(groupId: GroupID(id)))
        let record = GroupRecord(groupId: id, name: name, kind: kind, sealedState: try sealGroup(group), epoch: group.epoch,
                                 active: true, members: Self.memberIds(group), updatedAt: Self.nowMillis)
        try await store.apply(StoreBatch([.putGroup(record)]))
        if try await changeMembership(groupId: id, add: devices, removeDeviceIds: []) {
            try await sendMeta(groupId: id)
        }
        return try await store.group(id: id) ?? record
    }

    /// Sends the group's name and kind to its members (after an Add, so joiners learn them), and a
    /// folder's manifest (joiners cannot read the puts of earlier epochs).
    func sendMeta(groupId: [UInt8]) async throws {
        guard let record = try await store.group(id: groupId) else { return }
        _ = try await sendContent(groupId: groupId, content: .meta(name: record.name, kind: record.kind), history: nil)
        if record.kind == "folder" { try await sendFolderSnapshot(groupId: groupId) }
    }

    func sendText(groupId: [UInt8], text: String) async throws -> SentMessage {
        // Catch up first, so the message is sent in the group's current epoch and every current
        // member (e.g. a device added a moment ago) can read it.
        try await processQueue()
        let id = UUID().uuidString.lowercased()
        let sentAt = Self.nowMillis
        let message = MessageRecord(id: "\(identity.deviceId):\(id)", groupId: groupId, sender: identity.username,
                                    senderDevice: identity.deviceId, text: text, sentAt: sentAt)
        try await sendContent(groupId: groupId, content: .text(id: id, text: text, sentAt: sentAt), history: message, clientId: id)
        return SentMessage(id: id, conversationId: GroupID(groupId).string, sentAt: sentAt)
    }

    /// Encrypts `content`, writes the advanced group state, the outbox entry and the local copy
    /// of the message in one transaction, then submits.
    func sendContent(groupId: [UInt8], content: AppContent, history: MessageRecord?, clientId: String? = nil,
                     blobIds: [String]? = nil, extra: [StoreBatch.Change] = []) async throws {
        guard let loaded = try await loadGroup(groupId), loaded.record.active else {
            throw CoveClientError(.notAMember, "this device is not a member of the conversation")
        }
        if content.type != "meta" && content.type != DeviceLinkStatement.contentType { try await enforceVerifiedContacts(groupId: groupId) }  // Security/CoveClient+Verification.swift
        var group = loaded.group
        let ciphertext: MLSMessage
        do { ciphertext = try group.encryptApplicationData(content.encoded) } catch {
            throw CoveClientError(.mls, "cannot encrypt for this conversation (\(error))")
        }
        let id = clientId ?? ("m-" + UUID().uuidString.lowercased())
        let request = SubmitMessageRequest(clientMessageId: id, message: Base64Bytes(ciphertext.mlsEncoded), blobIds: blobIds)
        let entry = OutboxRecord(id: id, groupId: groupId, kind: Self.outboxMessage, request: Array(try JSONEncoder().encode(request)),
                                 createdAt: Self.nowMillis)
        var batch = StoreBatch([.putGroup(try updated(loaded.record, with: group)), .putOutbox(entry)] + extra)
        if let history { batch.append(.addMessage(history)) }
        try await store.apply(batch)
        if case .rejected(let error) = try await submit(entry) { throw error }
    }
}

extension CoveClient {
    /// Test hook: does everything ``send(conversation:text:)`` does up to and including writing
    /// the outbox, but does not submit: the state a client killed mid-send leaves behind.
    @_spi(Testing)
    public func enqueueWithoutSubmitting(conversation: String, text: String) async throws -> SentMessage {
        try await locked {
            let record = try await self.resolve(conversation)
            let id = UUID().uuidString.lowercased()
            let sentAt = Self.nowMillis
            guard let loaded = try await self.loadGroup(record.groupId) else { throw CoveClientError(.unknownConversation, "gone") }
            var group = loaded.group
            let ciphertext = try group.encryptApplicationData(AppContent.text(id: id, text: text, sentAt: sentAt).encoded)
            let request = SubmitMessageRequest(clientMessageId: id, message: Base64Bytes(ciphertext.mlsEncoded))
            let entry = OutboxRecord(id: id, groupId: record.groupId, kind: Self.outboxMessage,
                                     request: Array(try JSONEncoder().encode(request)), createdAt: Self.nowMillis)
            try await self.store.apply(StoreBatch([.putGroup(try self.updated(loaded.record, with: group)), .putOutbox(entry)]))
            return SentMessage(id: id, conversationId: GroupID(record.groupId).string, sentAt: sentAt)
        }
    }

    /// Test hook: the number of outbox entries.
    @_spi(Testing)
    public func outboxCount() async throws -> Int { try await store.outbox().count }
}

extension CoveClient {
    /// Test hook: the plaintext key material this device holds (device private key, KeyPackage
    /// bundles, MLS group states), so tests can check none of it is in the store file in clear.
    @_spi(Testing)
    public func keyMaterialForTesting() async throws -> [[UInt8]] {
        var result: [[UInt8]] = [Array(identity.privateKey.rawRepresentation)]
        result += try await loadKeyPackageBundles().map { $0.bundle.initPrivateKey.exposedBytes }
        for record in try await store.groups() {
            result.append(try unsealGroup(record.sealedState, id: record.groupId).encoded())
        }
        return result
    }
}

extension CoveClient {
    /// Test hook: the server's count of this device's unclaimed one-time KeyPackages, and the
    /// number of KeyPackage private keys held locally.
    @_spi(Testing)
    public func keyPackageCountsForTesting() async throws -> (server: Int, local: Int) {
        let count: KeyPackageCount = try await request(.GET, "/v1/key-packages/count")
        return (count.count, try await store.keyPackages().count)
    }
}
