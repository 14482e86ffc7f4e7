import ArgumentParser

/// `cove group remove NAME USER`
struct GroupRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a user (all their devices) from a group.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The group's name.")
    var name: String

    @Argument(help: "The user to remove.")
    var user: String

    func run() async throws {
        let user = try InputValidation.username(self.user)
        try await withSession(global) { try await $0.removeMember(group: name, user: user) }
        global.output.emit(
            human: "Removed \(user) from \(name)",
            json: .object([("type", .string("membership")), ("conversation", .string(name)),
                           ("action", .string("removed")), ("user", .string(user))]))
    }
}
