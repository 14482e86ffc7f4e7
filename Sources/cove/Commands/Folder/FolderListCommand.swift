import ArgumentParser

/// `cove folder list`
struct FolderListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your shared folders.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let folders = try await withSession(global) { try await $0.folders() }
        if folders.isEmpty { global.output.human("No folders yet: 'cove folder create NAME --members USER' starts one") }
        for folder in folders {
            global.output.emit(human: "\(folder.name)\t\(folder.members.joined(separator: ", "))" + (folder.active ? "" : "\t(removed)"),
                               json: FolderCommand.json(folder))
        }
    }
}
