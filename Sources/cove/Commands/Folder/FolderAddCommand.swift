import ArgumentParser

/// `cove folder add NAME USER`
struct FolderAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user (all their devices) to a folder; they see its current files.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Argument(help: "The user to add.")
    var user: String

    func run() async throws {
        let user = try InputValidation.username(self.user)
        try await withSession(global) { try await $0.addFolderMember(folder: folder, user: user) }
        global.output.emit(human: "Added \(user) to folder \(folder)",
                           json: .object([("type", .string("membership")), ("conversation", .string(folder)),
                                          ("action", .string("added")), ("user", .string(user))]))
    }
}
