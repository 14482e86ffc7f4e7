import ArgumentParser

/// The root command: `cove [--home DIR] [--json] COMMAND ...`.
struct Cove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cove",
        abstract: "End-to-end encrypted chats on a Cove server.",
        discussion: """
            Each home directory (--home, default ~/.cove) is one device of one user. Start with
            'cove init --server URL --user NAME'. Shell completions: 'cove --generate-completion-script bash'
            (or zsh, fish).
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, GroupCommand.self, SendCommand.self, ReceiveCommand.self, ChatCommand.self,
            DevicesCommand.self, DaemonCommand.self, FileCommand.self, VerifyCommand.self, AuditCommand.self,
            FolderCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}
