import ArgumentParser
import CoveClient
import Foundation

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

    @Option(name: .customLong("limit-rate"),
            help: ArgumentHelp("Upload at most this many bytes per second (suffix k, m or g for KiB, MiB, GiB).", valueName: "bytes"))
    var limitRate: String?

    func run() async throws {
        let name = try self.name.map(FolderCommand.fileName)
        let path = GlobalOptions.expandingTilde(self.path)
        let options = TransferOptions(rateLimit: try RateOption.parse(limitRate))
        let bar = ProgressBar(label: name ?? (path as NSString).lastPathComponent)
        let version = try await withSession(global) { session in
            defer { bar.finish() }
            return try await session.putFile(folder: folder, path: path, name: name, options: options, progress: Session.progress(bar))
        }
        global.output.emit(human: "Put \(version.name) (version \(version.version), \(version.size) bytes) in \(folder)",
                           json: FolderCommand.json(version, folder: folder, type: "folder.put"))
    }
}
