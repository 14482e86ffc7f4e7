import ArgumentParser

/// `cove folder ls NAME [--versions]`
struct FolderLsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List a folder's files (the latest version of each, or every version).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Flag(help: "Show every version kept, not only the latest.")
    var versions = false

    func run() async throws {
        let files = try await withSession(global) { try await $0.folderFiles(folder) }
        if files.isEmpty { global.output.human("\(folder) is empty: 'cove folder put \(folder) PATH' adds a file") }
        for file in files {
            guard let latest = file.last else { continue }
            // JSON: one object per file, with every version; people get one line per version shown.
            global.output.machine(.object([("type", .string("folder.file")), ("folder", .string(folder)), ("name", .string(latest.name)),
                                           ("version", .int(latest.version)), ("size", .int(latest.size)), ("by", .string(latest.by)),
                                           ("put_at", .int(latest.putAt)),
                                           ("versions", .array(file.map { .object($0.json) }))]))
            for version in versions ? file : [latest] {
                global.output.human("\(version.name)\tv\(version.version)\t\(version.size) bytes\t\(version.by)\t\(version.date)"
                                    + (versions || file.count == 1 ? "" : "\t(\(file.count) versions)"))
            }
        }
    }
}
