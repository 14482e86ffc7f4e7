import ArgumentParser

/// `cove group list`
struct GroupListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List your groups and chats.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let groups = try await withSession(global) { try await $0.groups() }
        if groups.isEmpty { global.output.human("No groups yet: 'cove group create NAME --members USER' starts one") }
        for group in groups {
            global.output.emit(
                human: "\(group.name)\t\(group.kind)\t\(group.members.joined(separator: ", "))" + (group.active ? "" : "\t(left)"),
                json: Self.json(group, type: "group"))
        }
    }

    static func json(_ group: GroupSummary, type: String) -> JSONValue {
        .object([("type", .string(type)), ("id", .string(group.id)), ("name", .string(group.name)),
                 ("kind", .string(group.kind)), ("members", .array(group.members.map(JSONValue.string))),
                 ("active", .bool(group.active))])
    }
}
