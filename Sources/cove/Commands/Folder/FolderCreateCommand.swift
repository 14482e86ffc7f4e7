import ArgumentParser

/// `cove folder create NAME --members USER,USER`
struct FolderCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a shared folder with you and the given users.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name (every member sees it; the server never does).")
    var name: String

    @Option(help: ArgumentHelp("The other members, separated by commas.", valueName: "user,user"))
    var members: String

    func run() async throws {
        let name = try InputValidation.displayName(self.name, what: "folder")
        let members = try InputValidation.userList(self.members)
        let folder = try await withSession(global) { try await $0.createFolder(name: name, members: members) }
        global.output.emit(human: "Created folder \(folder.name) with \(folder.members.joined(separator: ", "))",
                           json: FolderCommand.json(folder))
    }
}
