import CoveProtocol
import Foundation
import MLS

extension CoveClient {
    /// Sends the outbox, then fetches and processes everything queued for this device, in queue
    /// order. Each message's result (new group state, stored message) is written before the
    /// message is acknowledged; re-delivered messages are recognised by server message id and
    /// only acknowledged. Returns what happened, in order.
    ///
    /// Events are recorded in the store with the state change that caused them and reported
    /// once: by this call, by ``events()``, or by the next of them if this device processed the
    /// queue while doing something else (a send catches up on the conversation first).
    public func sync() async throws -> [ClientEvent] {
        try await locked {
            try await self.flushOutbox()
            try await self.processQueue()
            try await self.monitorOwnDevices()
            return try await self.drainEvents()
        }
    }

    /// Takes the recorded, unreported events out of the store (lock held), and hands them to
    /// live streams too.
    func drainEvents() async throws -> [ClientEvent] {
        let pending = try await store.pendingEvents()
        guard let last = pending.last else { return [] }
        try await store.apply(StoreBatch([.deleteEvents(through: last.seq)]))
        let events = pending.compactMap { ClientEventEncoder.decode(line: $0.event) }
        deliverToLiveStreams(events)
        return events
    }

    /// Fetches and processes the queue until it is empty (lock held). The events are recorded
    /// in the store (see ``drainEvents()``).
    func processQueue() async throws {
        var consumedKeyPackage = false
        while true {
            let list: MessageList
            do { list = try await authed(.GET, "/v1/messages?limit=200") } catch let failure as APIFailure { throw failure.clientError }
            if list.messages.isEmpty { break }
            for message in list.messages.sorted(by: { $0.seq < $1.seq }) {
                let result = try await process(message)
                consumedKeyPackage = consumedKeyPackage || result.consumedKeyPackage
            }
            try await ack(list.messages.map(\.seq))
        }
        if consumedKeyPackage { try await replenishKeyPackages() }
    }

    func ack(_ seqs: [Int64]) async throws {
        guard !seqs.isEmpty else { return }
        do { let _: AckResponse = try await authed(.POST, "/v1/messages/ack", AckRequest(seqs: seqs)) } catch let failure as APIFailure {
            throw failure.clientError
        }
    }

    struct Processed: Sendable {
        var events: [ClientEvent] = []
        var consumedKeyPackage = false
    }

    /// Processes one queued message and stores its result together with its message id (lock held).
    func process(_ queued: QueuedMessage) async throws -> Processed {
        if try await store.isProcessed(messageId: queued.messageId) { return Processed() }
        var result = Processed()
        var batch = StoreBatch()
        switch queued.kind {
        case .welcome:
            result = try await handleWelcome(queued, batch: &batch)
        case .commit:
            result.events = try await handleCommit(queued, batch: &batch)
        case .application:
            result.events = try await handleApplication(queued, batch: &batch)
        case .proposal:
            break  // Cove members commit directly; stray proposals are ignored.
        }
        batch.append(.markProcessed(messageId: queued.messageId))
        for event in result.events { batch.append(.addEvent(Array(ClientEventEncoder.jsonLine(event).utf8))) }
        try await store.apply(batch)
        return result
    }

    // MARK: Welcome

    func handleWelcome(_ queued: QueuedMessage, batch: inout StoreBatch) async throws -> Processed {
        if let existing = try await store.group(id: queued.groupId.bytes), existing.active { return Processed() }
        guard let message = try? MLSMessage(mlsEncoded: queued.payload.bytes) else {
            return Processed(events: [alert("undecryptable", "a malformed invitation was ignored", queued.groupId)])
        }
        let bundles = try await loadKeyPackageBundles()
        let group: MLSGroup
        do {
            group = try MLSGroup.join(welcome: message, keyPackages: bundles.map(\.bundle), configuration: configuration)
        } catch {
            logger.warning("welcome rejected", metadata: ["error": "\(error)"])
            return Processed(events: [alert("undecryptable", "an invitation to a conversation could not be opened", queued.groupId)])
        }
        guard group.groupID == queued.groupId.bytes else {
            return Processed(events: [alert("undecryptable", "an invitation for the wrong conversation was ignored", queued.groupId)])
        }
        // The KeyPackage used is the one whose leaf key is now ours; a one-time one is deleted.
        let ownKey = group.member(at: group.ownLeafIndex)?.encryptionKey
        var consumed = false
        if let used = bundles.first(where: { $0.bundle.keyPackage.leafNode.encryptionKey == ownKey }), !used.record.lastResort {
            batch.append(.deleteKeyPackage(reference: used.record.reference))
            consumed = true
        }
        let record = GroupRecord(groupId: group.groupID, name: nil, kind: "pending", sealedState: try sealGroup(group),
                                 epoch: group.epoch, active: true, members: Self.memberIds(group), updatedAt: Self.nowMillis)
        batch.append(.putGroup(record))
        return Processed(events: [], consumedKeyPackage: consumed)
    }

    // MARK: Commit

    func handleCommit(_ queued: QueuedMessage, batch: inout StoreBatch) async throws -> [ClientEvent] {
        guard let loaded = try await loadGroup(queued.groupId.bytes), loaded.record.active else { return [] }
        // `queued.epoch` is the epoch the commit creates.
        if queued.epoch <= loaded.group.epoch { return [] }  // already applied (our own, or before a rejoin)
        guard let message = try? MLSMessage(mlsEncoded: queued.payload.bytes) else {
            return [alert("undecryptable", "a malformed change to '\(displayName(loaded.record))' was ignored", queued.groupId)]
        }
        if queued.epoch != loaded.group.epoch + 1 {
            return try await rejoin(loaded, reason: "it fell behind", batch: &batch)
        }
        var group = loaded.group
        let staged: StagedCommit
        do {
            guard case .commit(let s) = try group.process(message) else { return [] }
            staged = s
        } catch {
            logger.warning("commit rejected", metadata: ["error": "\(error)"])
            return try await rejoin(loaded, reason: "its state forked", batch: &batch)
        }
        let by = committerName(staged, in: loaded.group)
        let name = displayName(loaded.record)
        let conversationId = GroupID(loaded.record.groupId).string
        var events: [ClientEvent] = []
        if staged.isExternal {
            // A member rejoining (resync): its old leaf goes, its new one comes; membership is unchanged.
            let removed = Set(staged.removedMembers.compactMap { Self.deviceCredential(of: $0) })
            let added = Set(staged.addedMembers.compactMap { Self.deviceCredential(of: $0) })
            if !removed.isEmpty && removed == added {
                do { try group.merge(staged) } catch { return try await rejoin(loaded, reason: "its state forked", batch: &batch) }
                batch.append(.putGroup(try updated(loaded.record, with: group)))
                return []
            }
        }
        for member in staged.addedMembers {
            guard let c = Self.deviceCredential(of: member) else { continue }
            events.append(.membership(MembershipChange(conversation: name, conversationId: conversationId, action: .added,
                                                       user: c.username, device: c.deviceId, by: by)))
        }
        for member in staged.removedMembers {
            guard let c = Self.deviceCredential(of: member) else { continue }
            events.append(.membership(MembershipChange(conversation: name, conversationId: conversationId, action: .removed,
                                                       user: c.username, device: c.deviceId, by: by)))
        }
        do { try group.merge(staged) } catch {
            return try await rejoin(loaded, reason: "its state forked", batch: &batch)
        }
        batch.append(.putGroup(try updated(loaded.record, with: group)))
        if staged.removesSelf {
            events.append(alert("removed", "this device was removed from '\(name)' by \(by)", queued.groupId))
        }
        return events
    }

    func committerName(_ staged: StagedCommit, in group: MLSGroup) -> String {
        switch staged.committer {
        case .member(let leaf):
            return group.member(at: leaf).flatMap(Self.deviceCredential(of:))?.username ?? "unknown"
        default:
            // An external commit: the joiner itself (a device rejoining after losing its state).
            return staged.addedMembers.first { $0.leafIndex == staged.committerLeafIndex }
                .flatMap(Self.deviceCredential(of:))?.username ?? "unknown"
        }
    }

    // MARK: Application

    func handleApplication(_ queued: QueuedMessage, batch: inout StoreBatch) async throws -> [ClientEvent] {
        guard let loaded = try await loadGroup(queued.groupId.bytes) else { return [] }
        guard let message = try? MLSMessage(mlsEncoded: queued.payload.bytes) else {
            return [alert("undecryptable", "a malformed message was ignored", queued.groupId)]
        }
        if loaded.record.active, case .privateMessage(let pm) = message.body, pm.epoch > loaded.group.epoch {
            // A message from an epoch this device never reached: its state fell behind.
            var events = try await rejoin(loaded, reason: "it fell behind", batch: &batch)
            events.append(alert("undecryptable", "a message in '\(displayName(loaded.record))' sent while this device was out of sync could not be read", queued.groupId))
            return events
        }
        var group = loaded.group
        let app: ApplicationMessage
        do {
            guard case .application(let a) = try group.process(message) else { return [] }
            app = a
        } catch {
            logger.warning("message rejected", metadata: ["error": "\(error)"])
            return [alert("undecryptable", "a message in '\(displayName(loaded.record))' could not be decrypted", queued.groupId)]
        }
        guard let sender = group.member(at: app.sender).flatMap(Self.deviceCredential(of:)), sender.deviceId == queued.senderDeviceId else {
            return [alert("undecryptable", "a message whose sender does not match was ignored", queued.groupId)]
        }
        var record = try updated(loaded.record, with: group)
        if FolderEntry.isFolderContent(app.data) {
            let events = try await handleFolderEntry(app.data, record: record, sender: sender, batch: &batch)
            batch.append(.putGroup(record))
            return events
        }
        guard let content = AppContent.decode(app.data) else {
            batch.append(.putGroup(record))
            return []
        }
        var events: [ClientEvent] = []
        switch content.type {
        case "text":
            guard let id = content.id, let text = content.text else { break }
            let sentAt = content.sentAt ?? queued.receivedAt
            batch.append(.addMessage(MessageRecord(id: "\(sender.deviceId):\(id)", groupId: record.groupId, sender: sender.username,
                                                   senderDevice: sender.deviceId, text: text, sentAt: sentAt)))
            events.append(.message(ReceivedMessage(id: id, conversation: displayName(record), conversationId: GroupID(record.groupId).string,
                                                   sender: sender.username, device: sender.deviceId, text: text, sentAt: sentAt)))
        case DeviceLinkStatement.contentType:  // Transparency/DeviceLinkStatement.swift
            try await recordDeviceLinkStatement(content.linked, from: sender, key: group.member(at: app.sender)?.signatureKey)
        case "file":
            events += try fileReceived(content, sender: sender, group: record, receivedAt: queued.receivedAt, batch: &batch)
        case "meta":
            let wasPending = record.kind == "pending"
            if let kind = content.kind { record.kind = kind == "direct" || kind == "folder" ? kind : "group" }
            if let name = content.name, !name.isEmpty { record.name = name }
            if wasPending {
                events.append(.conversation(ConversationJoined(conversation: displayName(record), conversationId: GroupID(record.groupId).string,
                                                               kind: record.kind, members: Self.users(of: record))))
            }
        default:
            break
        }
        batch.append(.putGroup(record))
        return events
    }

    func alert(_ kind: String, _ message: String, _ group: GroupID?) -> ClientEvent {
        .alert(ClientAlert(kind: kind, message: message, conversationId: group?.string))
    }
}
