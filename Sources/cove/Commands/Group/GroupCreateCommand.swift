import ArgumentParser

/// `cove group create NAME --members USER,USER`
struct GroupCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a group with you and the given users.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The group's name (every member sees it; the server never does).")
    var name: String

    @Option(help: ArgumentHelp("The other members, separated by commas.", valueName: "user,user"))
    var members: String

    func run() async throws {
        let name = try InputValidation.displayName(self.name, what: "group")
        let members = try InputValidation.userList(self.members)
        let group = try await withSession(global) { try await $0.createGroup(name: name, members: members) }
        global.output.emit(
            human: "Created \(group.name) with \(group.members.joined(separator: ", "))",
            json: GroupListCommand.json(group, type: "group"))
    }
}
