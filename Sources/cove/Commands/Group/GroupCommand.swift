import ArgumentParser

/// `cove group create|add|remove|list|members`
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Create groups and change who is in them.",
        subcommands: [
            GroupCreateCommand.self, GroupAddCommand.self, GroupRemoveCommand.self, GroupListCommand.self,
            GroupMembersCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions
}

extension GlobalOptions {
    /// Opens the home's client (asking for the passphrase only if the store has one).
    func openSession() async throws -> Session {
        try await Session.open(home: homeDirectory, passphrase: PassphraseSource(file: passphraseFile))
    }
}

/// Runs `body` with an open session and closes it afterwards, also when `body` throws.
func withSession<T>(_ global: GlobalOptions, _ body: (Session) async throws -> T) async throws -> T {
    let session = try await global.openSession()
    do {
        let result = try await body(session)
        await session.close()
        return result
    } catch {
        await session.close()
        throw error
    }
}
