import ArgumentParser
import Foundation

/// `cove chat NAME`: an interactive chat in a group (by name) or with a user (1:1).
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat interactively in a group or with a user: incoming messages appear as you type.",
        discussion: "Type a line and press Enter to send it. /quit (or Ctrl-D on an empty line, or Ctrl-C) leaves."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A group's name, or a user's name for your 1:1 chat with them.")
    var name: String

    func run() async throws {
        try await withSession(global) { session in
            let target = try await session.chatTarget(named: name)
            let me = try await session.identity().user
            let terminal = TerminalMode()
            defer { terminal?.restore() }
            let screen = ChatScreen(interactive: terminal != nil)
            await screen.show("Chatting \(target.kind == "direct" ? "with" : "in") \(target.name) as \(me). Enter sends, /quit leaves.")
            await screen.redraw(input: "")
            try await SignalTrap.untilInterrupted {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await Self.showIncoming(session: session, target: target, screen: screen) }
                    group.addTask { try await Self.readInput(session: session, target: target, me: me, screen: screen) }
                    // Input ending (/quit, Ctrl-D, end of stdin) ends the chat.
                    try await group.next()
                    group.cancelAll()
                }
            }
            await screen.finish()
        }
    }

    static func line(for event: CLIEvent, target: ChatTarget) -> String {
        if case let .message(_, conversation, conversationId, sender, _, text, sentAt) = event,
           target.contains(conversationId: conversationId, conversation: conversation) {
            return "[\(EventFormatter.clock(sentAt))] \(sender): \(EventFormatter.sanitized(text))"
        }
        return EventFormatter.human(event)
    }

    static func showIncoming(session: Session, target: ChatTarget, screen: ChatScreen) async {
        var delay: UInt64 = 1
        while !Task.isCancelled {
            do {
                for event in try await session.receive() { await screen.show(line(for: event, target: target)) }
                for try await event in try await session.events() {
                    await screen.show(line(for: event, target: target))
                    delay = 1
                }
            } catch is CancellationError {
                return
            } catch {
                let report = ErrorReport(error)
                await screen.show("! \(report.message) (retrying in \(delay) s)")
            }
            try? await Task.sleep(nanoseconds: delay * 1_000_000_000)
            delay = min(delay * 2, 30)
        }
    }

    static func readInput(session: Session, target: ChatTarget, me: String, screen: ChatScreen) async throws {
        var editor = LineEditor()
        for await chunk in StdinBytes.stream() {
            for action in editor.feed(chunk) {
                switch action {
                case .redraw:
                    await screen.redraw(input: editor.text)
                case .quit:
                    return
                case .submit(let line):
                    await screen.redraw(input: "")
                    let text = line.trimmingCharacters(in: .whitespaces)
                    if text == "/quit" || text == "/exit" { return }
                    guard !text.isEmpty else { continue }
                    do {
                        let sent = try await session.send(to: target, text: text)
                        await screen.show("[\(EventFormatter.clock(sent.sentAt))] \(me): \(EventFormatter.sanitized(text))")
                    } catch {
                        let report = ErrorReport(error)
                        await screen.show("error: \(report.message) (hint: \(report.hint))")
                    }
                }
            }
        }
    }
}
