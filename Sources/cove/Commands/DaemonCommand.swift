import ArgumentParser

/// `cove daemon --socket PATH`: JSON-RPC 2.0 over a Unix socket (docs/cli.md).
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Serve this home over a Unix socket (JSON-RPC 2.0, newline-delimited) for bots and programs.",
        discussion: "Methods: \(DaemonMethods.names.joined(separator: ", ")). See docs/cli.md."
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The socket file to create (mode 0600).", valueName: "path"), completion: .file())
    var socket: String

    func run() async throws {
        let socketPath = GlobalOptions.expandingTilde(socket)
        let output = global.output
        try await withSession(global) { session in
            let hub = EventHub()
            let server = DaemonServer(socketPath: socketPath, methods: DaemonMethods(session: session), hub: hub)
            try await SignalTrap.untilInterrupted {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await Self.pumpEvents(session: session, hub: hub) }
                    group.addTask {
                        try await server.run {
                            output.emit(human: "cove daemon listening on \(socketPath)",
                                        json: .object([("type", .string("daemon")), ("socket", .string(socketPath))]))
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
            await hub.finishAll()
        }
    }

    /// Receives for the whole life of the daemon; on a failure (server down), tells subscribers and
    /// tries again with backoff.
    static func pumpEvents(session: Session, hub: EventHub) async {
        var delay: UInt64 = 1
        while !Task.isCancelled {
            do {
                for event in try await session.receive() { await hub.publish(event) }
                for try await event in try await session.events() {
                    await hub.publish(event)
                    delay = 1
                }
            } catch is CancellationError {
                return
            } catch {
                let report = ErrorReport(error)
                await hub.publish(.alert(kind: "connection", message: "\(report.message); retrying in \(delay) s", conversationId: nil))
            }
            try? await Task.sleep(nanoseconds: delay * 1_000_000_000)
            delay = min(delay * 2, 30)
        }
    }
}
