/// The daemon's JSON-RPC methods: the CLI's commands, with the same JSON shapes as `--json`.
/// `subscribe`/`unsubscribe` are handled by the connection (they change what it receives).
struct DaemonMethods: Sendable {
    let session: Session

    /// Every method name, for `help` and for error messages.
    static let names = [
        "whoami", "send", "receive", "groups.list", "group.create", "group.add", "group.remove", "group.members",
        "devices.list", "devices.approve", "devices.revoke", "subscribe", "unsubscribe", "help",
    ]

    func call(_ request: JSONRPC.Request) async throws -> JSONValue {
        switch request.method {
        case "help":
            return .object([("methods", .array(Self.names.map(JSONValue.string)))])
        case "whoami":
            let identity = try await session.identity()
            return .object([("user", .string(identity.user)), ("device", .string(identity.deviceId)),
                            ("device_name", .string(identity.deviceName)), ("server", .string(identity.server))])
        case "send":
            let text = try request.string("text")
            guard !text.isEmpty, text.utf8.count <= SendCommand.maxTextBytes else {
                throw JSONRPC.ErrorObject.invalidParams("'text' must be 1-\(SendCommand.maxTextBytes) bytes")
            }
            let to = try request.optionalString("to"), group = try request.optionalString("group")
            let sent: SentSummary
            switch (to, group) {
            case let (user?, nil): sent = try await session.send(toUser: try InputValidation.username(user), text: text)
            case let (nil, name?): sent = try await session.send(toGroup: name, text: text)
            default: throw JSONRPC.ErrorObject.invalidParams("give exactly one of 'to' or 'group'")
            }
            return .object([("id", .string(sent.id)), ("conversation", .string(sent.conversation)),
                            ("conversation_id", .string(sent.conversationId)), ("sent_at", .int(sent.sentAt))])
        case "receive":
            return .object([("events", .array(try await session.receive().map(EventFormatter.json)))])
        case "groups.list":
            return .object([("groups", .array(try await session.groups().map { GroupListCommand.json($0, type: "group") }))])
        case "group.create":
            let name = try InputValidation.displayName(try request.string("name"), what: "group")
            let members = try InputValidation.userList(try request.strings("members").joined(separator: ","))
            return GroupListCommand.json(try await session.createGroup(name: name, members: members), type: "group")
        case "group.add":
            let user = try InputValidation.username(try request.string("user"))
            try await session.addMember(group: try request.string("name"), user: user)
            return .object([("ok", .bool(true))])
        case "group.remove":
            let user = try InputValidation.username(try request.string("user"))
            try await session.removeMember(group: try request.string("name"), user: user)
            return .object([("ok", .bool(true))])
        case "group.members":
            let members = try await session.members(group: try request.string("name"))
            return .object([("members", .array(members.map {
                .object([("user", .string($0.user)), ("devices", .array($0.devices.map(JSONValue.string)))])
            }))])
        case "devices.list":
            return .object([("devices", .array(try await session.devices().map(DevicesCommand.json)))])
        case "devices.approve":
            let code = try DevicesApproveCommand.normalized(try request.string("code"))
            return DevicesCommand.json(try await session.approveDevice(code: code))
        case "devices.revoke":
            return DevicesCommand.json(try await session.revokeDevice(try request.string("device")))
        default:
            throw JSONRPC.ErrorObject.methodNotFound(request.method)
        }
    }
}
