import ArgumentParser

/// `cove folder put NAME PATH [--as FILE]`
struct FolderPutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Encrypt and add a file to a folder (a new version if the name exists).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Argument(help: "The file to add.", completion: .file())
    var path: String

    @Option(name: .customLong("as"), help: ArgumentHelp("The name in the folder (default: the file's name).", valueName: "file"))
    var name: String?

    func run() async throws {
        let name = try self.name.map(FolderCommand.fileName)
        let path = GlobalOptions.expandingTilde(self.path)
        let version = try await withSession(global) { try await $0.putFile(folder: folder, path: path, name: name) }
        global.output.emit(human: "Put \(version.name) (version \(version.version), \(version.size) bytes) in \(folder)",
                           json: FolderCommand.json(version, folder: folder, type: "folder.put"))
    }
}
