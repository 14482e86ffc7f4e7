import ArgumentParser
import CoveClient
import Foundation

/// `cove file send --to USER PATH` and `cove file send --group NAME PATH`
struct FileSendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Encrypt a file and send it to a user (your 1:1 chat with them) or to a group.",
        discussion: """
            The file is encrypted under a fresh key, uploaded in chunks, and its key, name, size and
            SHA-256 go to the members in an end-to-end encrypted message. If the upload is
            interrupted, run the same command again: it continues where it stopped.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The user to send to.", valueName: "user"))
    var to: String?

    @Option(help: ArgumentHelp("The group to send to.", valueName: "name"))
    var group: String?

    @Option(name: .customLong("limit-rate"),
            help: ArgumentHelp("Upload at most this many bytes per second (suffix k, m or g for KiB, MiB, GiB).", valueName: "bytes"))
    var limitRate: String?

    @Argument(help: ArgumentHelp("The file to send.", valueName: "path"), completion: .file())
    var path: String

    func validate() throws {
        guard (to == nil) != (group == nil) else {
            throw ValidationError("give exactly one of --to USER or --group NAME")
        }
    }

    func run() async throws {
        let options = TransferOptions(rateLimit: try RateOption.parse(limitRate))
        let user = try to.map(InputValidation.username)
        let bar = ProgressBar(label: (path as NSString).lastPathComponent)
        let progress = Session.progress(bar)
        let (sent, conversation): (SentFile, String) = try await withSession(global) { session in
            defer { bar.finish() }
            if let user {
                return (try await session.client.sendFile(to: user, path: path, options: options, progress: progress), user)
            }
            let name = group ?? ""
            do {
                return (try await session.client.sendFile(conversation: name, path: path, options: options, progress: progress), name)
            } catch let error as CoveClientError where error.code == .unknownConversation {
                // A Welcome to the group may be waiting on the server.
                _ = try await session.client.sync()
                return (try await session.client.sendFile(conversation: name, path: path, options: options, progress: progress), name)
            }
        }
        global.output.emit(
            human: "Sent \(EventFormatter.sanitized(sent.name)) (\(ProgressBar.bytes(sent.size))) to \(conversation) (id \(sent.id))",
            json: .object([("type", .string("file_sent")), ("id", .string(sent.id)), ("conversation", .string(conversation)),
                           ("conversation_id", .string(sent.conversationId)), ("name", .string(sent.name)),
                           ("size", .int(sent.size)), ("sent_at", .int(sent.sentAt))]))
    }
}
