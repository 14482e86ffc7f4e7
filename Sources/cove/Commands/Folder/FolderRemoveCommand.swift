import ArgumentParser

/// `cove folder remove NAME USER`
struct FolderRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a user (all their devices) from a folder.",
        discussion: "Files put afterwards are unreadable to them; run 'cove folder rekey NAME' to re-encrypt the existing ones.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Argument(help: "The user to remove.")
    var user: String

    func run() async throws {
        let user = try InputValidation.username(self.user)
        try await withSession(global) { try await $0.removeFolderMember(folder: folder, user: user) }
        global.output.emit(human: "Removed \(user) from folder \(folder) (run 'cove folder rekey \(folder)' to re-encrypt existing files)",
                           json: .object([("type", .string("membership")), ("conversation", .string(folder)),
                                          ("action", .string("removed")), ("user", .string(user))]))
    }
}
