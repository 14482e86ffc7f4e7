import CoveClient
import CoveClientSQLite
import Foundation

/// The CLI's view of the SDK: opens the `CoveClient` of a home directory and maps its types to the
/// CLI's models. Every command goes through here, so the commands do not depend on the SDK's spelling.
final class Session: Sendable {
    let client: CoveClient

    private init(client: CoveClient) {
        self.client = client
    }

    /// The SDK's code for a store that needs a passphrase none was given for.
    static let passphraseRequired = "store.passphrase_required"

    /// Fails with a hint to run `init` when the home directory does not exist.
    static func requireHome(_ home: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: home, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.fileExists(atPath: CoveClient.storePath(home: home)) else {
            throw notInitialized(home)
        }
    }

    static func notInitialized(_ home: String) -> CLIError {
        CLIError("cli.not_initialized", "no Cove home at \(home)",
                 hint: "run 'cove --home \(home) init --server URL --user NAME' first")
    }

    static func protection(_ passphrase: [UInt8]?) -> CoveClient.Protection {
        passphrase.map { .passphrase(String(decoding: $0, as: UTF8.self)) } ?? .keyFile
    }

    static func initialize(home: String, server: String, user: String, device: String, registrationToken: String?,
                           passphrase: [UInt8]?) async throws -> IdentitySummary {
        let client = try await CoveClient.initialize(
            home: home, server: server, username: user, deviceName: device, protection: protection(passphrase),
            registrationToken: registrationToken)
        let summary = IdentitySummary(user: client.username, deviceId: client.deviceId, deviceName: device,
                                      server: client.serverURL, protection: passphrase == nil ? "key-file" : "passphrase",
                                      logFingerprint: try? await client.transparencyFingerprint())
        try? await client.close()
        return summary
    }

    static func link(home: String, server: String, user: String, device: String, passphrase: [UInt8]?,
                     showCode: @Sendable (String, String) -> Void) async throws -> IdentitySummary {
        let client = try await CoveClient.requestLink(home: home, server: server, username: user, deviceName: device,
                                                      protection: protection(passphrase))
        do {
            showCode(client.linkCode, client.deviceId)
            try await client.waitForLinkApproval()
            // Pick up the Welcomes of the conversations the approving device added us to.
            try await client.refresh()
            let summary = IdentitySummary(user: client.username, deviceId: client.deviceId, deviceName: device,
                                          server: client.serverURL, protection: passphrase == nil ? "key-file" : "passphrase")
            try? await client.close()
            return summary
        } catch {
            try? await client.close()
            throw error
        }
    }

    /// Opens the home's client: with the passphrase from the file or environment if one was given,
    /// else without; a passphrase-protected store then prompts on a terminal or fails with a hint.
    static func open(home: String, passphrase source: PassphraseSource) async throws -> Session {
        try requireHome(home)
        let given = try source.nonInteractive()
        do {
            let client = try await CoveClient.open(home: home, passphrase: given.map { String(decoding: $0, as: UTF8.self) })
            return Session(client: client)
        } catch let error as CoveClientError where error.code.rawValue == passphraseRequired && given == nil {
            let typed = try source.forOpen()
            let client = try await CoveClient.open(home: home, passphrase: String(decoding: typed, as: UTF8.self))
            return Session(client: client)
        }
    }

    func identity() async throws -> IdentitySummary {
        IdentitySummary(user: client.username, deviceId: client.deviceId, deviceName: "", server: client.serverURL, protection: "")
    }

    static func group(_ c: Conversation) -> GroupSummary {
        GroupSummary(id: c.id, name: c.name, kind: c.kind, members: c.members, active: c.active)
    }

    func createGroup(name: String, members: [String]) async throws -> GroupSummary {
        Self.group(try await client.createGroup(name: name, members: members))
    }

    /// Runs `body`; if the conversation is not known locally, fetches what the server queued
    /// (a Welcome to it may be waiting) and tries once more.
    private func syncingIfUnknown<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CoveClientError where error.code == .unknownConversation {
            try await client.refresh()
            return try await body()
        }
    }

    func addMember(group: String, user: String) async throws {
        try await syncingIfUnknown { try await self.client.addMember(conversation: group, username: user) }
    }

    func removeMember(group: String, user: String) async throws {
        try await syncingIfUnknown { try await self.client.removeMember(conversation: group, username: user) }
    }

    func groups() async throws -> [GroupSummary] {
        try? await client.refresh()
        return try await client.conversations().map(Self.group)
    }

    func members(group: String) async throws -> [MemberSummary] {
        var order: [String] = []
        var devices: [String: [String]] = [:]
        for member in try await syncingIfUnknown({ try await self.client.members(conversation: group) }) {
            if devices[member.user] == nil { order.append(member.user) }
            devices[member.user, default: []].append(member.device)
        }
        return order.map { MemberSummary(user: $0, devices: devices[$0] ?? []) }
    }

    func send(toUser user: String, text: String) async throws -> SentSummary {
        let sent = try await client.send(to: user, text: text)
        return SentSummary(id: sent.id, conversation: user, conversationId: sent.conversationId, sentAt: sent.sentAt)
    }

    func send(toGroup group: String, text: String) async throws -> SentSummary {
        let sent = try await syncingIfUnknown { try await self.client.send(conversation: group, text: text) }
        return SentSummary(id: sent.id, conversation: group, conversationId: sent.conversationId, sentAt: sent.sentAt)
    }

    /// Fetches what is waiting on the server, stores it, and returns the new events.
    func receive() async throws -> [CLIEvent] {
        try await client.sync().map(Self.event)
    }

    /// Live events until cancelled (keeps the push connection open).
    func events() async throws -> AsyncThrowingStream<CLIEvent, any Error> {
        let upstream = await client.events()
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: CLIEvent.self)
        let task = Task {
            do {
                for try await event in upstream { continuation.yield(Self.event(event)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    static func event(_ event: ClientEvent) -> CLIEvent {
        switch event {
        case .message(let m):
            return .message(id: m.id, conversation: m.conversation, conversationId: m.conversationId, sender: m.sender,
                            device: m.device, text: m.text, sentAt: m.sentAt)
        case .membership(let m):
            return .membership(conversation: m.conversation, conversationId: m.conversationId, action: m.action.rawValue,
                               user: m.user, device: m.device, by: m.by)
        case .conversation(let c):
            return .conversation(conversation: c.conversation, conversationId: c.conversationId, kind: c.kind, members: c.members)
        case .alert(let a):
            return .alert(kind: a.kind, message: a.message, conversationId: a.conversationId)
        case .file(let f):
            return .file(id: f.id, conversation: f.conversation, conversationId: f.conversationId, sender: f.sender, device: f.device,
                         name: f.name, size: f.size, sentAt: f.sentAt)
        }
    }

    func devices() async throws -> [DeviceView] {
        try await client.devices().map {
            DeviceView(id: $0.deviceId, name: $0.name, current: $0.current, revoked: false,
                       fingerprint: CoveClient.linkCode(signatureKey: $0.signatureKey))
        }
    }

    func approveDevice(code: String) async throws -> DeviceView {
        let pending = try await client.pendingLinks().first { $0.code.filter(\.isNumber) == code.filter(\.isNumber) }
        let id = try await client.approveLink(code: code)
        return DeviceView(id: id, name: pending?.name ?? id, current: false, revoked: false, fingerprint: code)
    }

    /// Revokes a device by id or by name (a name must match exactly one device).
    func revokeDevice(_ device: String) async throws -> DeviceView {
        let all = try await client.devices()
        let matches = all.filter { $0.deviceId == device }.isEmpty ? all.filter { $0.name == device } : all.filter { $0.deviceId == device }
        guard let target = matches.first else {
            throw CLIError("cli.unknown_device", "no device '\(device)' on this account", hint: "list them with 'cove devices list'")
        }
        guard matches.count == 1 else {
            throw CLIError("cli.ambiguous_device", "several devices are named '\(device)'", hint: "give the device id from 'cove devices list'")
        }
        try await client.revokeDevice(target.deviceId)
        return DeviceView(id: target.deviceId, name: target.name, current: target.current, revoked: true, fingerprint: nil)
    }

    /// A group named `name`, else the 1:1 chat with the user `name`. Refuses, before the chat
    /// starts, a name that is neither a group of this device nor a user on the server, and a
    /// server that cannot be reached (later outages are retried inside the chat).
    func chatTarget(named name: String) async throws -> ChatTarget {
        do {
            try await client.refresh()
        } catch let error as CoveClientError where Self.fatalAtStart.contains(error.code) {
            throw error
        } catch {
            // Anything else (a message that fails to process) is reported by the chat itself.
        }
        let conversations = try await client.conversations().filter { $0.active && $0.name == name }
        if let group = conversations.first(where: { $0.kind != "direct" }) {
            return ChatTarget(kind: "group", name: name, conversationId: group.id)
        }
        if let direct = conversations.first {
            return ChatTarget(kind: "direct", name: name, conversationId: direct.id)
        }
        let isUser = (try? InputValidation.username(name)) != nil && name != client.username
        guard isUser, try await client.userExists(name) else {
            throw CLIError("cli.unknown_chat", "no group or user named '\(name)'",
                           hint: "see your groups with 'cove group list'; to chat with a user, give their user name")
        }
        return ChatTarget(kind: "direct", name: name, conversationId: nil)
    }

    /// Errors that mean no chat can work right now.
    private static let fatalAtStart: Set<CoveClientError.Code> = [.serverUnreachable, .notACoveServer, .deviceRevoked]

    func send(to target: ChatTarget, text: String) async throws -> SentSummary {
        target.kind == "direct" ? try await send(toUser: target.name, text: text) : try await send(toGroup: target.name, text: text)
    }

    func close() async {
        try? await client.close()
    }
}
