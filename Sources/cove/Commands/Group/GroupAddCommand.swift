import ArgumentParser

/// `cove group add NAME USER`
struct GroupAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user (all their devices) to a group.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The group's name.")
    var name: String

    @Argument(help: "The user to add.")
    var user: String

    func run() async throws {
        let user = try InputValidation.username(self.user)
        try await withSession(global) { try await $0.addMember(group: name, user: user) }
        global.output.emit(
            human: "Added \(user) to \(name)",
            json: .object([("type", .string("membership")), ("conversation", .string(name)),
                           ("action", .string("added")), ("user", .string(user))]))
    }
}
