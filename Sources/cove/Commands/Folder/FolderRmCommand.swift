import ArgumentParser

/// `cove folder rm NAME FILE`
struct FolderRmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Remove a file and all its versions from a folder.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Argument(help: "The file's name in the folder.")
    var file: String

    func run() async throws {
        let file = try FolderCommand.fileName(self.file)
        try await withSession(global) { try await $0.removeFile(folder: folder, name: file) }
        global.output.emit(human: "Removed \(file) from \(folder)",
                           json: .object([("type", .string("folder.rm")), ("folder", .string(folder)), ("name", .string(file))]))
    }
}
