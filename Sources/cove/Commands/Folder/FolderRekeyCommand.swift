import ArgumentParser
import CoveClient

/// `cove folder rekey NAME`
struct FolderRekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-encrypt every file of a folder under fresh keys (after removing a member).",
        discussion: "Resumable: if it is interrupted, run it again and it continues where it stopped.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder's name.")
    var folder: String

    @Option(name: .customLong("limit-rate"),
            help: ArgumentHelp("Download and upload at most this many bytes per second (suffix k, m or g for KiB, MiB, GiB).", valueName: "bytes"))
    var limitRate: String?

    func run() async throws {
        let home = global.homeDirectory
        let json = global.json
        let options = TransferOptions(rateLimit: try RateOption.parse(limitRate))
        let report = try await withSession(global) {
            try await $0.rekeyFolder(folder, home: home, options: options) { done, total in
                if !json && total > 0 { Output.diagnostic("rekey: \(done)/\(total) versions") }
            }
        }
        global.output.emit(human: "Rekeyed \(report.rekeyed) version(s) of \(folder); all \(report.total) now use fresh keys",
                           json: .object([("type", .string("folder.rekey")), ("folder", .string(folder)),
                                          ("rekeyed", .int(report.rekeyed)), ("total", .int(report.total))]))
    }
}
