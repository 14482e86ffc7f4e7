import ArgumentParser
import Foundation

/// `cove send --to USER TEXT` and `cove send --group NAME TEXT`
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message to a user (your 1:1 chat with them) or to a group.",
        discussion: "Words after the options are joined with spaces; '-' reads the text from stdin."
    )

    /// Largest text accepted (the application content limit is 64 KiB with its JSON framing).
    static let maxTextBytes = 60 * 1024

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The user to send to.", valueName: "user"))
    var to: String?

    @Option(help: ArgumentHelp("The group to send to.", valueName: "name"))
    var group: String?

    @Argument(help: "The message text.")
    var text: [String] = []

    func validate() throws {
        guard (to == nil) != (group == nil) else {
            throw ValidationError("give exactly one of --to USER or --group NAME")
        }
        guard !text.isEmpty else { throw ValidationError("missing the message text") }
    }

    func run() async throws {
        let message = try Self.messageText(text)
        let sent: SentSummary
        if Session.killAfterOutboxRequested {
            let output = global.output
            let name = to ?? group ?? ""
            try await withSession(global) { try await $0.enqueueThenDie(conversation: name, text: message, output: output) }
            return
        }
        if let to {
            let user = try InputValidation.username(to)
            sent = try await withSession(global) { try await $0.send(toUser: user, text: message) }
        } else {
            let name = group ?? ""
            sent = try await withSession(global) { try await $0.send(toGroup: name, text: message) }
        }
        global.output.emit(
            human: "Sent to \(sent.conversation) (id \(sent.id))",
            json: .object([("type", .string("sent")), ("id", .string(sent.id)), ("conversation", .string(sent.conversation)),
                           ("conversation_id", .string(sent.conversationId)), ("sent_at", .int(sent.sentAt))]))
    }

    static func messageText(_ words: [String]) throws -> String {
        var text = words.joined(separator: " ")
        if words == ["-"] {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let read = String(data: data, encoding: .utf8) else {
                throw CLIError.usage("the text on stdin is not UTF-8", hint: "send UTF-8 text")
            }
            text = read
            while text.hasSuffix("\n") { text.removeLast() }
        }
        guard !text.isEmpty else { throw CLIError.usage("the message is empty", hint: "give the text to send") }
        guard text.utf8.count <= maxTextBytes else {
            throw CLIError.usage("the message is longer than \(maxTextBytes) bytes", hint: "split it into several messages")
        }
        return text
    }
}
