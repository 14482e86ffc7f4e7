import ArgumentParser
import CoveClient
import Foundation

/// `cove file get ID --out PATH`
struct FileGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download, decrypt and verify a file sent to you.",
        discussion: """
            ID is the id of the file event that 'cove receive' shows. The file is written to PATH
            (or, if PATH is a directory, under the sender's file name inside it) only once it has
            been decrypted and its size and SHA-256 match what the sender announced; nothing appears
            at PATH otherwise. An existing file at PATH is replaced only with --force. If the
            download is interrupted, run the same command again.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file's id (from 'cove receive').", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Where to write the file (a file path, or an existing directory).", valueName: "path"),
            completion: .file())
    var out: String

    @Flag(help: "Replace a file that already exists at the --out path.")
    var force = false

    @Option(name: .customLong("limit-rate"),
            help: ArgumentHelp("Download at most this many bytes per second (suffix k, m or g for KiB, MiB, GiB).", valueName: "bytes"))
    var limitRate: String?

    func run() async throws {
        let options = TransferOptions(rateLimit: try RateOption.parse(limitRate))
        let (reference, destination): (FileReference, String) = try await withSession(global) { session in
            let reference: FileReference
            do {
                reference = try await session.client.fileReference(id: id)
            } catch let error as CoveClientError where error.code == .unknownFile {
                // The message may still be waiting on the server.
                _ = try await session.client.sync()
                reference = try await session.client.fileReference(id: id)
            }
            var destination = GlobalOptions.expandingTilde(out)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: destination, isDirectory: &isDirectory), isDirectory.boolValue {
                destination = (destination as NSString).appendingPathComponent(reference.name)
                // The name comes from the sender: never let it replace a file the user did not name,
                // even with --force.
                if FileManager.default.fileExists(atPath: destination) {
                    throw CLIError("cli.file_exists", "\(destination) already exists",
                                   hint: "give the full path to write with --out PATH (add --force to replace a file there)")
                }
            } else if FileManager.default.fileExists(atPath: destination), !force {
                // Checked before any byte is fetched; the final move replaces atomically, so with
                // --force the old file stays intact until the new one has been verified.
                throw CLIError("cli.file_exists", "\(destination) already exists",
                               hint: "add --force to replace it, or choose another path with --out")
            }
            let bar = ProgressBar(label: reference.name)
            defer { bar.finish() }
            try await session.client.downloadFile(reference, to: destination, options: options, progress: Session.progress(bar))
            return (reference, destination)
        }
        global.output.emit(
            human: "Saved \(EventFormatter.sanitized(reference.name)) (\(ProgressBar.bytes(reference.size))) to \(destination)",
            json: .object([("type", .string("file_saved")), ("id", .string(id)), ("name", .string(reference.name)),
                           ("size", .int(reference.size)), ("sha256", .string(reference.sha256)), ("path", .string(destination))]))
    }
}
