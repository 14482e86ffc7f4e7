import ArgumentParser
import CoveClient
import Foundation

/// `cove folder get NAME FILE --out PATH [--version N]`
struct FolderGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Download, decrypt and verify a folder file.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Argument(help: "The file's name in the folder.")
    var file: String

    @Option(help: ArgumentHelp("Where to write the file (replaced atomically once verified).", valueName: "path"), completion: .file())
    var out: String

    @Option(help: ArgumentHelp("The version to get (default: the latest).", valueName: "n"))
    var version: Int?

    @Option(name: .customLong("limit-rate"),
            help: ArgumentHelp("Download at most this many bytes per second (suffix k, m or g for KiB, MiB, GiB).", valueName: "bytes"))
    var limitRate: String?

    func run() async throws {
        let file = try FolderCommand.fileName(self.file)
        if let version, version < 1 { throw CLIError.usage("--version must be 1 or more", hint: "list the versions with 'cove folder ls \(folder) --versions'") }
        let out = GlobalOptions.expandingTilde(self.out)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.usage("\(out) is a directory", hint: "give the path of the file to write, e.g. --out \(out)/\(file)")
        }
        let options = TransferOptions(rateLimit: try RateOption.parse(limitRate))
        let bar = ProgressBar(label: file)
        let got = try await withSession(global) { session in
            defer { bar.finish() }
            return try await session.getFile(folder: folder, name: file, version: version, to: out, options: options,
                                             progress: Session.progress(bar))
        }
        global.output.emit(human: "Got \(got.name) (version \(got.version), \(got.size) bytes) to \(out)",
                           json: .object([("type", .string("folder.get")), ("folder", .string(folder)), ("name", .string(got.name))]
                                         + got.json + [("path", .string(out))]))
    }
}
