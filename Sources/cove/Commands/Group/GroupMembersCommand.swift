import ArgumentParser

/// `cove group members NAME`
struct GroupMembersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "List a group's members and their devices.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The group's name.")
    var name: String

    func run() async throws {
        let members = try await withSession(global) { try await $0.members(group: name) }
        for member in members {
            global.output.emit(
                human: "\(member.user)\t\(member.devices.joined(separator: ", "))",
                json: .object([("type", .string("member")), ("conversation", .string(name)),
                               ("user", .string(member.user)), ("devices", .array(member.devices.map(JSONValue.string)))]))
        }
    }
}
