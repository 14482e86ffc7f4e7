import ArgumentParser

/// `cove receive [--follow] [--json]`
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Fetch and show new messages and membership changes.",
        discussion: """
            With --json, one object per line: {"type":"message","id","conversation","sender","device","text","sent_at"},
            {"type":"membership","conversation","action","user","device","by"}, {"type":"conversation",...},
            {"type":"alert","kind","message"}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Keep running and show events as they arrive (until interrupted).")
    var follow = false

    func run() async throws {
        let output = global.output
        try await withSession(global) { session in
            for event in try await session.receive() {
                output.emit(human: EventFormatter.human(event), json: EventFormatter.json(event))
            }
            guard follow else { return }
            try await SignalTrap.untilInterrupted {
                for try await event in try await session.events() {
                    output.emit(human: EventFormatter.human(event), json: EventFormatter.json(event))
                }
            }
        }
    }
}
